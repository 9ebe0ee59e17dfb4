import type { TNeedCreate } from '@zhongli/domain';
import { http } from '../../shared/http';

export interface Need {
  id: number;
  communityId: number;
  category: string;
  text: string;
  supports: number;
  createdAt: string;
  answeredBy: { activityId: number; title: string; startsAt: string }[];
}

export interface NeedsPlan {
  byCategory: { category: string; needs: number; supports: number }[];
  needs: Need[];
}

export const needsApi = {
  publicList: (communityId?: number) => http.get<Need[]>('/api/public/needs', { communityId }),
  plan: (query: { communityId?: number; category?: string }) => http.get<NeedsPlan>('/api/needs', { ...query }),
  create: (body: TNeedCreate) => http.post<{ id: number }>('/api/needs', body),
  support: (id: number) => http.post<unknown>(`/api/needs/${id}/support`),
};
