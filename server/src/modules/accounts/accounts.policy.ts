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

/**
 * Whether the actor may fully manage a login (its password, phone, name, roles): grant every role it holds
 * and, when it is a resident's, serve the resident's community. A login with neither is the center's alone.
 * Without this, whoever may register a resident or add a volunteer could take over any account by its phone.
 */
export function canManageLogin(
  actor: Actor,
  login: {
    grants: { grant: TRoleGrant; merchantCommunityId: number | undefined }[];
    residentCommunityId: number | null;
  },
): boolean {
  if (isCenterAdmin(actor)) return true;
  if (!login.grants.length && login.residentCommunityId === null) return false;
  if (login.residentCommunityId !== null && !canStaffCommunity(actor, login.residentCommunityId)) return false;
  return login.grants.every(({ grant, merchantCommunityId }) => canGrantRole(actor, grant, merchantCommunityId));
}
