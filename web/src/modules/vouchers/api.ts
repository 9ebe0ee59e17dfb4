import type { TClaimResult, TMyVoucher, TVoucherClaim, TVoucherOffer } from '@zhongli/domain';
import { http } from '../../shared/http';

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

/** Residents' vouchers: the offers they can claim, claiming (or staff claiming for them), their own. */
export const vouchersApi = {
  offers: (communityId?: number) => http.get<TVoucherOffer[]>('/api/public/vouchers/offers', { communityId }),
  /** without residentId a resident claims for themself; staff at the desk pass it (代领) */
  claim: (body: TVoucherClaim, idempotencyKey: string) =>
    http.post<TClaimResult>('/api/vouchers/claims', body, withKey(idempotencyKey)),
  mine: () => http.get<TMyVoucher[]>('/api/vouchers/mine'),
};
