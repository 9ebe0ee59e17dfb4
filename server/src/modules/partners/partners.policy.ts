import { canStaffCommunity, isCenterAdmin, isStaff, type Actor } from '../../platform/actor.js';

/**
 * Who registers, edits, archives and restores a partner: the center any; a community's staff the
 * partners of their own community. A county-wide partner (no community) serves every community's
 * activities, so only the center changes it — one community must not rename another's partner.
 */
export function canManagePartner(actor: Actor, partner: { community_id: number | null }): boolean {
  if (isCenterAdmin(actor)) return true;
  return partner.community_id !== null && isStaff(actor) && canStaffCommunity(actor, partner.community_id);
}

/** Staff read the partners their activities may name: their own community's and the county-wide ones. */
export function canViewPartner(actor: Actor, partner: { community_id: number | null }): boolean {
  return isStaff(actor) && (partner.community_id === null || canStaffCommunity(actor, partner.community_id));
}
