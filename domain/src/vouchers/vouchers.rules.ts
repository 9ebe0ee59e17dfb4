import type { MyVoucherStatus, VoucherOfferStatus } from './vouchers.contract.js';

/** A voucher or an offer is good until its end instant, and over from that instant on. */
export function hasExpired(until: string, now: string): boolean {
  return Date.parse(until) <= Date.parse(now);
}

/** A resident's voucher as they see it: used, past its date, or still good. */
export function voucherStatusAt(
  voucher: { status: 'issued' | 'redeemed'; expiresAt: string },
  now: string,
): MyVoucherStatus {
  if (voucher.status === 'redeemed') return 'redeemed';
  return hasExpired(voucher.expiresAt, now) ? 'expired' : 'issued';
}

/** Whether an offer can be claimed now, and if not, why: withdrawn by the shop, past its date, or all claimed. */
export type OfferState = 'open' | 'withdrawn' | 'expired' | 'exhausted';

export function offerStateAt(
  offer: { status: VoucherOfferStatus; validUntil: string; remaining: number },
  now: string,
): OfferState {
  if (offer.status !== 'active') return 'withdrawn';
  if (hasExpired(offer.validUntil, now)) return 'expired';
  if (offer.remaining <= 0) return 'exhausted';
  return 'open';
}
