import type { TNeed, TNeedCreate, TNeedCreated, TNeedOnBehalf, TNeedSupported, TNeedsPlan } from '@zhongli/domain';
import { http } from '../../shared/http';

export const needsApi = {
  publicList: (communityId?: number) => http.get<TNeed[]>('/api/public/needs', { communityId }),
  plan: (query: { communityId?: number; category?: string }) => http.get<TNeedsPlan>('/api/needs', { ...query }),
  create: (body: TNeedCreate) => http.post<TNeedCreated>('/api/needs', body),
  support: (id: number) => http.post<TNeedSupported>(`/api/needs/${id}/support`),
  /** 代点单 at the desk, for a resident of the staff member's community */
  createOnBehalf: (body: TNeedOnBehalf) => http.post<TNeedCreated>('/api/needs/on-behalf', body),
  supportOnBehalf: (id: number, residentId: number) =>
    http.post<TNeedSupported>(`/api/needs/${id}/support/on-behalf`, { residentId }),
};
