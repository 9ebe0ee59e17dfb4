import { canStaffCommunity, isStaff, type Actor } from '../../platform/actor.js';

/** Staff of the service's community run it; the center too. */
export const canManageService = (actor: Actor, service: { community_id: number }) =>
  isStaff(actor) && canStaffCommunity(actor, service.community_id);

/** The barbers (volunteers of the pool) run the queue on their phones, like staff. */
export const canRunQueue = (actor: Actor, service: { community_id: number }, volunteerIds: number[]) =>
  canManageService(actor, service) || volunteerIds.includes(actor.userId);

/**
 * The resident's own desk: staff of the community the resident lives in serve them wherever the
 * service is (a senior without a phone books a county-wide service of another community through
 * their own desk). Whether the service admits them is the eligibility check's business, not this.
 */
export const isResidentsDesk = (actor: Actor, resident: { community_id: number }) =>
  isStaff(actor) && canStaffCommunity(actor, resident.community_id);

/**
 * Residents book for themselves; the service's staff and volunteers book for a resident (代预约, by
 * phone or at the desk), and so does the resident's own desk.
 */
export function canBookFor(
  actor: Actor,
  resident: { id: number; community_id: number },
  service: { community_id: number },
  volunteerIds: number[],
): boolean {
  return (
    actor.resident?.id === resident.id || canRunQueue(actor, service, volunteerIds) || isResidentsDesk(actor, resident)
  );
}

/** Cancelling a booking: the resident, whoever runs the service's queue, or the resident's own desk. */
export const canCancelBookingFor = canBookFor;
