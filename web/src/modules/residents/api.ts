import type {
  TMemberCard,
  TMemberCardSheet,
  TMemberCardSheetQuery,
  TResidentCreate,
  TResidentDetail,
  TResidentList,
  TResidentListQuery,
  TResidentRegistered,
  TResidentArchive,
  TResidentSetPassword,
  TResidentUpdate,
} from '@zhongli/domain';
import { http, withQuery } from '../../shared/http';

/** The list's filters as the console sends them: the server fills in the page and its size. */
export type ResidentListQuery = Partial<TResidentListQuery>;

export const residentsApi = {
  list: (query: ResidentListQuery) => http.get<TResidentList>('/api/residents', { ...query }),
  /** The list's Excel export: the same filters, every page. */
  exportUrl: (query: ResidentListQuery) =>
    withQuery('/api/residents/export', { q: query.q, communityId: query.communityId, archived: query.archived }),
  get: (id: number) => http.get<TResidentDetail>(`/api/residents/${id}`),
  /** the member code as scanned or typed at the desk (10 digits) */
  byCode: (memberCode: string) => http.get<TResidentDetail>(`/api/residents/by-code/${encodeURIComponent(memberCode)}`),
  card: (id: number) => http.get<TMemberCard>(`/api/residents/${id}/card`),
  /** member cards in A4 sheets: one import's residents, or those registered since a date */
  cardSheet: (query: Partial<TMemberCardSheetQuery>) =>
    http.get<TMemberCardSheet>('/api/residents/cards', { ...query }),
  create: (resident: TResidentCreate) => http.post<TResidentRegistered>('/api/residents', resident),
  setPassword: (id: number, body: TResidentSetPassword) => http.post<void>(`/api/residents/${id}/password`, body),
  update: (id: number, change: TResidentUpdate) => http.patch<void>(`/api/residents/${id}`, change),
  archive: (id: number, body: TResidentArchive) => http.post<void>(`/api/residents/${id}/archive`, body),
  unarchive: (id: number) => http.post<void>(`/api/residents/${id}/unarchive`),
};
