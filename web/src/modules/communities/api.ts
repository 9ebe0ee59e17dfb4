import type { TCenter, TCenterUpdate, TCommunity, TVenue, TVenueCreate } from '@zhongli/domain';
import { http } from '../../shared/http';

export const communitiesApi = {
  updateCenter: (changes: TCenterUpdate) => http.patch<TCenter>('/api/center', changes),
  list: () => http.get<TCommunity[]>('/api/public/communities'),
  create: (name: string) => http.post<TCommunity>('/api/communities', { name }),
  venues: (communityId: number) => http.get<TVenue[]>(`/api/communities/${communityId}/venues`),
  createVenue: (communityId: number, venue: TVenueCreate) =>
    http.post<TVenue>(`/api/communities/${communityId}/venues`, venue),
};
