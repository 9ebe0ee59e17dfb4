import { canStaffCommunity, isStaff, type Actor } from '../../platform/actor.js';
import { merchantIdsOf } from '../merchants/index.js';

export { canManageMerchant, merchantIdsOf } from '../merchants/index.js';

/** Only the issuing merchant honours a voucher (核销) — not staff, not another shop. */
export const canHonour = (actor: Actor, voucher: { merchant_id: number }) =>
  merchantIdsOf(actor).includes(voucher.merchant_id);

/** Residents claim for themselves; staff claim for residents of their community (代办). */
export function canClaimFor(actor: Actor, resident: { id: number; community_id: number }): boolean {
  return actor.resident?.id === resident.id || (isStaff(actor) && canStaffCommunity(actor, resident.community_id));
}
