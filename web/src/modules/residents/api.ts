import { http } from '../../shared/http';

export interface ResidentListItem {
  id: number;
  name: string;
  communityId: number;
  communityName: string;
  memberCode: string;
  phoneMasked: string | null;
  age: number | null;
  idNumberMasked: string | null;
  hasAccount: boolean;
}

export interface ResidentList {
  residents: ResidentListItem[];
  page: number;
  hasMore: boolean;
}

export interface ResidentDetail {
  id: number;
  name: string;
  communityId: number;
  communityName: string;
  memberCode: string;
  birthDate: string | null;
  age: number | null;
  gender: 'male' | 'female' | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  hasPassword: boolean;
  createdAt: string;
}

export interface MemberCard {
  residentId: number;
  name: string;
  communityName: string;
  centerName: string;
  memberCode: string;
  qrSvg: string;
}

export interface NewResident {
  name: string;
  communityId: number;
  phone?: string;
  idNumber?: string;
  birthDate?: string;
  password?: string;
}

export interface ResidentListQuery {
  communityId?: number;
  q?: string;
  page?: number;
  pageSize?: number;
}

export const residentsApi = {
  list: (query: ResidentListQuery) => http.get<ResidentList>('/api/residents', { ...query }),
  get: (id: number) => http.get<ResidentDetail>(`/api/residents/${id}`),
  /** the member code as scanned or typed at the desk (10 digits) */
  byCode: (memberCode: string) => http.get<ResidentDetail>(`/api/residents/by-code/${encodeURIComponent(memberCode)}`),
  card: (id: number) => http.get<MemberCard>(`/api/residents/${id}/card`),
  create: (resident: NewResident) => http.post<{ id: number; memberCode: string }>('/api/residents', resident),
  setPassword: (id: number, body: { password: string; phone?: string }) =>
    http.post<void>(`/api/residents/${id}/password`, body),
};
