import type {
  CONTRIBUTION_KINDS,
  TContributionCreate,
  TMerchantRequestCreate,
  TMerchantRequestUpdate,
} from '@zhongli/domain';
import { http } from '../../shared/http';

export interface Merchant {
  id: number;
  name: string;
  communityId: number;
  address: string;
  category: string;
  partyAlliance: boolean;
}

export interface NewMerchant {
  name: string;
  communityId: number;
  address: string;
  category: string;
  partyAlliance: boolean;
}

export type MerchantChanges = Partial<Omit<NewMerchant, 'communityId'>>;

export const merchantsApi = {
  list: (communityId?: number) => http.get<Merchant[]>('/api/merchants', { communityId }),
  create: (merchant: NewMerchant) => http.post<{ id: number }>('/api/merchants', merchant),
  update: (id: number, changes: MerchantChanges) => http.patch<Merchant>(`/api/merchants/${id}`, changes),
};

// ---- Merchants as partners (社区搭台、商户唱戏、居民受益): contributions, stars, the wall, requests

export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];
export type RequestStatus = 'open' | 'in_progress' | 'resolved';

export interface RatingBasis {
  count: number;
  averageQuality: number | null;
  period: { from: string; to: string };
}

export interface MerchantRating {
  stars: number;
  basis: RatingBasis;
  explanation: string;
}

export interface SupportedActivity {
  id: number;
  title: string;
  startsAt: string;
}

/** One merchant on the public wall: counts only, never money. */
export interface WallMerchant {
  id: number;
  communityId: number;
  name: string;
  category: string;
  partyAlliance: boolean;
  stars: number;
  explanation: string;
  contributions: number;
  contributionsByKind: Record<string, number>;
  activities: SupportedActivity[];
}

export interface PublicMerchant extends MerchantRating {
  id: number;
  communityId: number;
  name: string;
  category: string;
  address: string;
  partyAlliance: boolean;
  contributionsByKind: Record<string, number>;
  activities: SupportedActivity[];
}

export interface Contribution {
  id: number;
  kind: ContributionKind;
  kindLabel: string;
  description: string;
  /** null: recorded automatically (a donation, an honoured voucher) and not yet confirmed by staff */
  quality: number | null;
  confirmed: boolean;
  occurredAt: string;
  activity: { id: number; title: string } | null;
  ref: { type: string; id: number } | null;
}

export interface RatingMonth {
  month: string;
  stars: number;
  contributions: number;
  averageQuality: number | null;
  explanation: string;
}

export interface MerchantRequest {
  id: number;
  merchantId: number;
  merchantName: string;
  communityId: number;
  title: string;
  description: string;
  status: RequestStatus;
  response: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  ageWorkingDays: number;
  overdue: boolean;
}

export const partnersApi = {
  wall: (communityId?: number) => http.get<WallMerchant[]>('/api/public/merchants', { communityId }),
  publicMerchant: (id: number) => http.get<PublicMerchant>(`/api/public/merchants/${id}`),
  merchant: (id: number) => http.get<Merchant>(`/api/merchants/${id}`),
  rating: (id: number) => http.get<MerchantRating>(`/api/merchants/${id}/rating`),
  trend: (id: number) => http.get<RatingMonth[]>(`/api/merchants/${id}/rating/history`),
  contributions: (id: number) => http.get<Contribution[]>(`/api/merchants/${id}/contributions`),
  recordContribution: (id: number, body: TContributionCreate) =>
    http.post<{ id: number }>(`/api/merchants/${id}/contributions`, body),
  confirmContribution: (contributionId: number, quality: number) =>
    http.patch<unknown>(`/api/merchant-contributions/${contributionId}`, { quality }),
  requests: (merchantId: number) => http.get<MerchantRequest[]>(`/api/merchants/${merchantId}/requests`),
  raiseRequest: (merchantId: number, body: TMerchantRequestCreate) =>
    http.post<{ id: number; status: 'open' }>(`/api/merchants/${merchantId}/requests`, body),
  staffRequests: (status?: RequestStatus) => http.get<MerchantRequest[]>('/api/merchant-requests', { status }),
  moveRequest: (requestId: number, body: TMerchantRequestUpdate) =>
    http.patch<MerchantRequest>(`/api/merchant-requests/${requestId}`, body),
};
