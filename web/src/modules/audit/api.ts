import { http } from '../../shared/http';

export interface AuditEntry {
  id: number;
  actorId: number;
  actorName: string;
  residentId: number | null;
  residentName: string | null;
  communityId: number | null;
  action: string;
  targetType: string;
  targetId: string | number | null;
  summary: string;
  at: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  page: number;
  hasMore: boolean;
}

export interface AuditQuery {
  actorId?: number;
  residentId?: number;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export const auditApi = {
  list: (query: AuditQuery) => http.get<AuditPage>('/api/audit', { ...query }),
};
