import { canStaffCommunity, isStaff, type Actor } from '../../platform/actor.js';

/** Staff register and edit the merchants of their own communities; the center, all of them. */
export const canManageMerchants = (actor: Actor, communityId: number) => canStaffCommunity(actor, communityId);

export function merchantIdsOf(actor: Actor): number[] {
  return actor.roles.filter((r) => r.role === 'merchant' && r.merchantId != null).map((r) => r.merchantId!);
}

/** A merchant sees and manages its own affairs; community staff do it for the merchants of their community. */
export function canManageMerchant(actor: Actor, merchant: { id: number; community_id: number }): boolean {
  return (
    merchantIdsOf(actor).includes(merchant.id) || (isStaff(actor) && canStaffCommunity(actor, merchant.community_id))
  );
}
