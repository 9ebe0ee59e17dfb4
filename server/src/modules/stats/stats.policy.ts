import { isCenterAdmin, staffCommunityIds, type Actor } from '../../platform/actor.js';

/**
 * Whose figures a staff member sees: the center the county and every community; community staff
 * their own communities only. `null` is the county.
 */
export function canViewStats(actor: Actor, communityId: number | null): boolean {
  if (isCenterAdmin(actor)) return true;
  const scope = staffCommunityIds(actor);
  return communityId != null && scope !== 'all' && scope.includes(communityId);
}

/** The scope a request without a community means: the county for the center, the desk's own community otherwise. */
export function defaultStatsCommunity(actor: Actor): number | null {
  const scope = staffCommunityIds(actor);
  return scope === 'all' ? null : (scope[0] ?? null);
}
