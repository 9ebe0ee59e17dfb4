import type {
  TClaimResult,
  THonourResult,
  TMerchant,
  TMerchantOffer,
  TMyVoucher,
  TVoucherClaim,
  TVoucherOffer,
  TVoucherOfferCreate,
  TVoucherOfferCreated,
  TVoucherStatement,
} from '@zhongli/domain';
import { http, withQuery } from '../../shared/http';

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const vouchersApi = {
  offers: (communityId?: number) => http.get<TVoucherOffer[]>('/api/public/vouchers/offers', { communityId }),
  /** without residentId a resident claims for themself; staff at the desk pass it (代领) */
  claim: (body: TVoucherClaim, idempotencyKey: string) =>
    http.post<TClaimResult>('/api/vouchers/claims', body, withKey(idempotencyKey)),
  mine: () => http.get<TMyVoucher[]>('/api/vouchers/mine'),
  createOffer: (body: TVoucherOfferCreate) => http.post<TVoucherOfferCreated>('/api/vouchers/offers', body),

  merchant: (id: number) => http.get<TMerchant>(`/api/merchants/${id}`),
  merchantOffers: (id: number) => http.get<TMerchantOffer[]>(`/api/merchants/${id}/voucher-offers`),
  redeem: (code: string) => http.post<THonourResult>('/api/vouchers/redeem', { code }),
  statement: (merchantId: number, month: string) =>
    http.get<TVoucherStatement>(`/api/merchants/${merchantId}/voucher-statement`, { month }),
  statementCsvUrl: (merchantId: number, month: string) =>
    withQuery(`/api/merchants/${merchantId}/voucher-statement`, { month, format: 'csv' }),
};
