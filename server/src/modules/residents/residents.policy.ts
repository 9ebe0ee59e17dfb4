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

/**
 * Whose full phone number a staff member's export carries: the residents of a community they work in as
 * community staff — the desk that phones its own residents (the call lists show the same people's phones in
 * full, `calls.policy.ts`). Everyone else gets `138****1234`, as on every list: the center coordinates six
 * communities and does not phone residents, and a county-wide file of phone numbers is the one most worth
 * stealing (PIPL: collect and hand out the minimum).
 */
export function canExportFullPhone(actor: Actor, resident: { community_id: number }): boolean {
  return actor.roles.some((r) => r.role === 'community_staff' && r.communityId === resident.community_id);
}
