import { canStaffCommunity, isStaff, type Actor } from '../../platform/actor.js';

/** Staff award, adjust and reverse only for residents of their own communities. */
export const canManagePointsIn = (actor: Actor, communityId: number) =>
  isStaff(actor) && canStaffCommunity(actor, communityId);

/** 四眼原则: a manual adjustment is applied only by a second staff member of the same scope. */
export function canDecideAdjustment(
  actor: Actor,
  adjustment: { community_id: number; requested_by: number },
): 'ok' | 'same_person' | 'forbidden' {
  if (!canManagePointsIn(actor, adjustment.community_id)) return 'forbidden';
  if (actor.userId === adjustment.requested_by) return 'same_person';
  return 'ok';
}

/** A statement is the resident's own business and their community staff's. */
export function canReadStatement(actor: Actor, resident: { id: number; community_id: number }): boolean {
  return actor.resident?.id === resident.id || canManagePointsIn(actor, resident.community_id);
}

/**
 * 四眼原则 on an opening-balance batch, as on an adjustment: decided by staff who serve every community in it;
 * approved only by someone other than its uploader.
 */
export function canDecideOpeningBatch(
  actor: Actor,
  batch: { created_by: number },
  rows: { community_id: number }[],
): 'ok' | 'same_person' | 'forbidden' {
  if (!isStaff(actor) || !rows.every((r) => canManagePointsIn(actor, r.community_id))) return 'forbidden';
  if (actor.userId === batch.created_by) return 'same_person';
  return 'ok';
}
