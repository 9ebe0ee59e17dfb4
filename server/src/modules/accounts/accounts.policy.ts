import type { TRoleGrant } from '@zhongli/domain';
import { canStaffCommunity, isCenterAdmin, type Actor } from '../../platform/actor.js';

/**
 * The center grants any role. Community staff may create volunteer accounts for their own
 * communities and merchant accounts for merchants registered in them — never staff or admins.
 */
export function canGrantRole(actor: Actor, grant: TRoleGrant, merchantCommunityId: number | undefined): boolean {
  if (isCenterAdmin(actor)) return true;
  if (grant.role === 'volunteer') return grant.communityId != null && canStaffCommunity(actor, grant.communityId);
  if (grant.role === 'merchant') return merchantCommunityId != null && canStaffCommunity(actor, merchantCommunityId);
  return false;
}
