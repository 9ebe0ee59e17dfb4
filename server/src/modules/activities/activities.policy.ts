import { canStaffCommunity, isCenterAdmin, isStaff, type Actor } from '../../platform/actor.js';

/** Community staff plan, submit, run and report their own community's activities; the center all. */
export const canManageActivitiesIn = (actor: Actor, communityId: number) =>
  isStaff(actor) && canStaffCommunity(actor, communityId);

/** Review and publication are the center's (中心及时告). */
export const canReview = (actor: Actor) => isCenterAdmin(actor);

/** Residents sign up themselves; staff sign up residents of their community at the desk (代报名). */
export function canRegisterFor(actor: Actor, resident: { id: number; community_id: number }): boolean {
  return actor.resident?.id === resident.id || canManageActivitiesIn(actor, resident.community_id);
}

/** Staff see the full name of a resident they serve on a list; others see it masked. */
export const canSeeNameOf = (actor: Actor, resident: { community_id: number }) =>
  canStaffCommunity(actor, resident.community_id);
