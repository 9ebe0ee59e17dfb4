import type {
  PartnerKind,
  TPartner,
  TPartnerCreate,
  TPartnerCreated,
  TPartnerDetail,
  TPartnerUpdate,
} from '@zhongli/domain';
import { http } from '../../shared/http';

export interface PartnerListQuery {
  communityId?: number;
  kind?: PartnerKind;
  q?: string;
  /** '1' with the archived ones, 'only' the archived ones; the picker leaves it out (active only) */
  archived?: '1' | 'only';
}

export const partnersApi = {
  list: (query: PartnerListQuery = {}) => http.get<TPartner[]>('/api/partners', { ...query }),
  create: (body: TPartnerCreate) => http.post<TPartnerCreated>('/api/partners', body),
  update: (id: number, change: TPartnerUpdate) => http.patch<void>(`/api/partners/${id}`, change),
  archive: (id: number) => http.post<void>(`/api/partners/${id}/archive`),
  unarchive: (id: number) => http.post<void>(`/api/partners/${id}/unarchive`),
  detail: (id: number, page = 1) => http.get<TPartnerDetail>(`/api/partners/${id}`, page > 1 ? { page } : {}),
};
