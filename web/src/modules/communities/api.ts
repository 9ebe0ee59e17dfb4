import { http } from '../../shared/http';
import type { Community } from '../../shared/center';

export interface Venue {
  id: number;
  name: string;
  address: string | null;
}

export const communitiesApi = {
  list: () => http.get<Community[]>('/api/public/communities'),
  create: (name: string) => http.post<Community>('/api/communities', { name }),
  venues: (communityId: number) => http.get<Venue[]>(`/api/communities/${communityId}/venues`),
  createVenue: (communityId: number, venue: { name: string; address?: string }) =>
    http.post<Venue>(`/api/communities/${communityId}/venues`, venue),
};
