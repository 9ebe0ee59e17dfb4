import type { TVoucherOfferCreate } from '@zhongli/domain';
import { http, withQuery } from '../../shared/http';

export interface VoucherOffer {
  id: number;
  merchant: { id: number; name: string };
  communityId: number;
  title: string;
  faceValueFen: number;
  pointsCost: number;
  remaining: number;
  perResidentLimit: number;
  validUntil: string;
}

export interface MerchantOffer extends VoucherOffer {
  quantity: number;
  claimed: number;
  status: string;
  createdAt: string;
}

export interface ClaimResult {
  voucherId: number;
  code: string;
  balanceAfter: number;
  expiresAt: string;
}

export type VoucherStatus = 'issued' | 'redeemed' | 'expired';

export interface MyVoucher {
  id: number;
  code: string;
  status: VoucherStatus;
  title: string;
  faceValueFen: number;
  merchant: { id: number; name: string; address: string | null };
  claimedAt: string;
  expiresAt: string;
  redeemedAt: string | null;
}

export interface MerchantProfile {
  id: number;
  communityId: number;
  name: string;
  address: string | null;
  category: string | null;
  partyAlliance: boolean;
}

export interface HonourResult {
  voucherId: number;
  title: string;
  faceValueFen: number;
  residentNameMasked: string;
  redeemedAt: string;
}

export interface VoucherStatement {
  merchantId: number;
  merchantName: string;
  month: string;
  count: number;
  totalFaceValueFen: number;
  vouchers: {
    voucherId: number;
    codeTail: string;
    title: string;
    faceValueFen: number;
    redeemedAt: string | null;
    residentNameMasked: string;
  }[];
}

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const vouchersApi = {
  offers: (communityId?: number) => http.get<VoucherOffer[]>('/api/public/vouchers/offers', { communityId }),
  /** without residentId a resident claims for themself; staff at the desk pass it (代领) */
  claim: (body: { offerId: number; residentId?: number }, idempotencyKey: string) =>
    http.post<ClaimResult>('/api/vouchers/claims', body, withKey(idempotencyKey)),
  mine: () => http.get<MyVoucher[]>('/api/vouchers/mine'),
  createOffer: (body: TVoucherOfferCreate) => http.post<{ id: number }>('/api/vouchers/offers', body),

  merchant: (id: number) => http.get<MerchantProfile>(`/api/merchants/${id}`),
  merchantOffers: (id: number) => http.get<MerchantOffer[]>(`/api/merchants/${id}/voucher-offers`),
  redeem: (code: string) => http.post<HonourResult>('/api/vouchers/redeem', { code }),
  statement: (merchantId: number, month: string) =>
    http.get<VoucherStatement>(`/api/merchants/${merchantId}/voucher-statement`, { month }),
  statementCsvUrl: (merchantId: number, month: string) =>
    withQuery(`/api/merchants/${merchantId}/voucher-statement`, { month, format: 'csv' }),
};
