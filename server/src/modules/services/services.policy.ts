import { canStaffCommunity, isStaff, type Actor } from '../../platform/actor.js';

/** Staff of the service's community run it; the center too. */
export const canManageService = (actor: Actor, service: { community_id: number }) =>
  isStaff(actor) && canStaffCommunity(actor, service.community_id);

/** The barbers (volunteers of the pool) run the queue on their phones, like staff. */
export const canRunQueue = (actor: Actor, service: { community_id: number }, volunteerIds: number[]) =>
  canManageService(actor, service) || volunteerIds.includes(actor.userId);

/** Residents book for themselves; staff and the service's volunteers book for a resident (代预约, by phone or at the desk). */
export function canBookFor(
  actor: Actor,
  resident: { id: number },
  service: { community_id: number },
  volunteerIds: number[],
): boolean {
  return actor.resident?.id === resident.id || canRunQueue(actor, service, volunteerIds);
}
