import { isStaff, staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { EntryScope } from './calls.repository.js';

/**
 * Whose entries a staff member sees on call lists: the residents of their own communities (a
 * county-wide service's list holds people from several desks; each desk phones its own), the
 * center everyone. Phones on the list are shown in full, so nobody else sees them.
 */
export function callScopeOf(actor: Actor): EntryScope {
  return isStaff(actor) ? staffCommunityIds(actor) : [];
}

export const canCallResidentOf = (actor: Actor, residentCommunityId: number) => {
  const scope = callScopeOf(actor);
  return scope === 'all' || scope.includes(residentCommunityId);
};
