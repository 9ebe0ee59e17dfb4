import type {
  TCenter,
  TCenterUpdate,
  TCommunity,
  THoliday,
  THolidayCreate,
  TVenue,
  TVenueCreate,
} from '@zhongli/domain';
import { http } from '../../shared/http';

export const communitiesApi = {
  updateCenter: (changes: TCenterUpdate) => http.patch<TCenter>('/api/center', changes),
  list: () => http.get<TCommunity[]>('/api/public/communities'),
  create: (name: string) => http.post<TCommunity>('/api/communities', { name }),
  venues: (communityId: number) => http.get<TVenue[]>(`/api/communities/${communityId}/venues`),
  createVenue: (communityId: number, venue: TVenueCreate) =>
    http.post<TVenue>(`/api/communities/${communityId}/venues`, venue),
  holidays: (year: number) => http.get<THoliday[]>('/api/holidays', { year }),
  saveHolidays: (entries: THolidayCreate[]) => http.post<THoliday[]>('/api/holidays', { entries }),
  removeHoliday: (date: string) => http.delete<void>(`/api/holidays/${date}`),
};
