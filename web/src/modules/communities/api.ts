import type {
  TArchivedCommunity,
  TCenter,
  TCenterUpdate,
  TCommunity,
  THoliday,
  THolidayCreate,
  TVenue,
  TVenueCreate,
  TCommunityUpdate,
  TVenueUpdate,
} from '@zhongli/domain';
import { http } from '../../shared/http';

export const communitiesApi = {
  updateCenter: (changes: TCenterUpdate) => http.patch<TCenter>('/api/center', changes),
  list: () => http.get<TCommunity[]>('/api/public/communities'),
  create: (name: string) => http.post<TCommunity>('/api/communities', { name }),
  venues: (communityId: number, withArchived = false) =>
    http.get<TVenue[]>(`/api/communities/${communityId}/venues`, withArchived ? { withArchived: '1' } : {}),
  createVenue: (communityId: number, venue: TVenueCreate) =>
    http.post<TVenue>(`/api/communities/${communityId}/venues`, venue),
  holidays: (year: number) => http.get<THoliday[]>('/api/holidays', { year }),
  saveHolidays: (entries: THolidayCreate[]) => http.post<THoliday[]>('/api/holidays', { entries }),
  removeHoliday: (date: string) => http.delete<void>(`/api/holidays/${date}`),
  renameCommunity: (id: number, change: TCommunityUpdate) => http.patch<void>(`/api/communities/${id}`, change),
  archiveCommunity: (id: number) => http.post<void>(`/api/communities/${id}/archive`),
  updateVenue: (id: number, change: TVenueUpdate) => http.patch<void>(`/api/venues/${id}`, change),
  archiveVenue: (id: number) => http.post<void>(`/api/venues/${id}/archive`),
  archivedCommunities: () => http.get<TArchivedCommunity[]>('/api/communities/archived'),
  unarchiveCommunity: (id: number) => http.post<void>(`/api/communities/${id}/unarchive`),
  unarchiveVenue: (id: number) => http.post<void>(`/api/venues/${id}/unarchive`),
};
