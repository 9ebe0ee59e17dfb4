import { canStaffCommunity, isStaff, type Actor } from '../../platform/actor.js';

/** Staff see the residents of their communities; a resident sees only themself. */
export function canViewResident(actor: Actor, resident: { id: number; community_id: number }): boolean {
  if (actor.resident?.id === resident.id) return true;
  return isStaff(actor) && canStaffCommunity(actor, resident.community_id);
}

export function canManageResident(actor: Actor, resident: { community_id: number }): boolean {
  return isStaff(actor) && canStaffCommunity(actor, resident.community_id);
}

export const canRegisterIn = (actor: Actor, communityId: number) =>
  isStaff(actor) && canStaffCommunity(actor, communityId);
