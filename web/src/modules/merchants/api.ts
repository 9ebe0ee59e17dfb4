import type {
  MerchantRequestStatus,
  THonourResult,
  TMerchantOffer,
  TContribution,
  TContributionConfirmed,
  TContributionCreate,
  TContributionRecorded,
  TMerchant,
  TMerchantCreate,
  TMerchantCreated,
  TMerchantRating,
  TMerchantRequest,
  TMerchantRequestCreate,
  TMerchantRequestRaised,
  TMerchantRequestUpdate,
  TMerchantUpdate,
  TPublicMerchant,
  TRatingMonth,
  TVoucherOfferCreate,
  TVoucherOfferCreated,
  TVoucherStatement,
  TWallMerchant,
} from '@zhongli/domain';
import { http, withQuery } from '../../shared/http';

export const merchantsApi = {
  list: (communityId?: number) => http.get<TMerchant[]>('/api/merchants', { communityId }),
  create: (merchant: TMerchantCreate) => http.post<TMerchantCreated>('/api/merchants', merchant),
  update: (id: number, changes: TMerchantUpdate) => http.patch<TMerchant>(`/api/merchants/${id}`, changes),
};

// ---- Merchants as partners (社区搭台、商户唱戏、居民受益): contributions, stars, the wall, requests

export const partnersApi = {
  wall: (communityId?: number, cursor?: string) =>
    http.getPage<TWallMerchant>('/api/public/merchants', { communityId }, cursor),
  publicMerchant: (id: number) => http.get<TPublicMerchant>(`/api/public/merchants/${id}`),
  merchant: (id: number) => http.get<TMerchant>(`/api/merchants/${id}`),
  rating: (id: number) => http.get<TMerchantRating>(`/api/merchants/${id}/rating`),
  trend: (id: number) => http.get<TRatingMonth[]>(`/api/merchants/${id}/rating/history`),
  contributions: (id: number) => http.get<TContribution[]>(`/api/merchants/${id}/contributions`),
  contributionsExportUrl: (id: number) => `/api/merchants/${id}/contributions/export`,
  voucherStatementExportUrl: (id: number, month: string) =>
    withQuery(`/api/merchants/${id}/voucher-statement/export`, { month }),
  recordContribution: (id: number, body: TContributionCreate) =>
    http.post<TContributionRecorded>(`/api/merchants/${id}/contributions`, body),
  confirmContribution: (contributionId: number, quality: number) =>
    http.patch<TContributionConfirmed>(`/api/merchant-contributions/${contributionId}`, { quality }),
  requests: (merchantId: number) => http.get<TMerchantRequest[]>(`/api/merchants/${merchantId}/requests`),
  raiseRequest: (merchantId: number, body: TMerchantRequestCreate) =>
    http.post<TMerchantRequestRaised>(`/api/merchants/${merchantId}/requests`, body),
  staffRequests: (status?: MerchantRequestStatus) => http.get<TMerchantRequest[]>('/api/merchant-requests', { status }),
  moveRequest: (requestId: number, body: TMerchantRequestUpdate) =>
    http.patch<TMerchantRequest>(`/api/merchant-requests/${requestId}`, body),
};

// ---- A merchant's vouchers (the shop's phone, and staff on its behalf): offers, honouring, the statement

export const merchantVouchersApi = {
  offers: (merchantId: number) => http.get<TMerchantOffer[]>(`/api/merchants/${merchantId}/voucher-offers`),
  createOffer: (body: TVoucherOfferCreate) => http.post<TVoucherOfferCreated>('/api/vouchers/offers', body),
  honour: (code: string) => http.post<THonourResult>('/api/vouchers/redeem', { code }),
  statement: (merchantId: number, month: string) =>
    http.get<TVoucherStatement>(`/api/merchants/${merchantId}/voucher-statement`, { month }),
  statementCsvUrl: (merchantId: number, month: string) =>
    withQuery(`/api/merchants/${merchantId}/voucher-statement`, { month, format: 'csv' }),
};
