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
