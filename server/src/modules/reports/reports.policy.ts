import { canStaffCommunity, isCenterAdmin, type Actor } from '../../platform/actor.js';

/**
 * Who may see (and regenerate) a report: the county's (no community) is the center's; a community's
 * is its own staff's and the center's.
 */
export function canSeeReport(actor: Actor, communityId: number | null): boolean {
  return communityId === null ? isCenterAdmin(actor) : canStaffCommunity(actor, communityId);
}
