import { AppError, type Role, type TPasswordChangeReason } from '@zhongli/domain';

export interface RoleGrant {
  role: Role;
  communityId?: number;
  merchantId?: number;
}

/** Who is making the request, loaded from the session once per request. */
export interface Actor {
  userId: number;
  name: string;
  phone: string;
  roles: RoleGrant[];
  /** Set when this account is also a resident (residents sign in to see their card, points …). */
  resident?: { id: number; communityId: number };
  /**
   * Set while the account must set a new password before anything else (see `sessions.ts`): it signs in with a
   * temporary one the center gave it, or a resident's login was given a role.
   */
  mustChangePassword?: TPasswordChangeReason;
}

export function isCenterAdmin(actor: Actor): boolean {
  return actor.roles.some((r) => r.role === 'center_admin');
}

export function isStaff(actor: Actor): boolean {
  return actor.roles.some((r) => r.role === 'center_admin' || r.role === 'community_staff');
}

/** The communities a staff member works in; `'all'` for the center. */
export function staffCommunityIds(actor: Actor): number[] | 'all' {
  if (isCenterAdmin(actor)) return 'all';
  return actor.roles.filter((r) => r.role === 'community_staff' && r.communityId).map((r) => r.communityId!);
}

export function canStaffCommunity(actor: Actor, communityId: number): boolean {
  const scope = staffCommunityIds(actor);
  return scope === 'all' || scope.includes(communityId);
}

/**
 * The desk does not serve the staff member's own resident record (awards, the counter, adjustments, 代点单):
 * someone who is both staff and a resident is served by a colleague, as an adjustment is approved by another
 * person. Their own self-service as a resident is not a desk path and stays open.
 */
export function refuseOwnResident(actor: Actor, residentId: number): void {
  if (actor.resident?.id === residentId) {
    throw new AppError('SELF_NOT_ALLOWED', { message: '不能为自己办理，请由其他工作人员办理' });
  }
}
