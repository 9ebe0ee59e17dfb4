import type { TAuditPage, TAuditQuery } from '@zhongli/domain';
import { http } from '../../shared/http';

/** The log's filters as the console sends them: the server fills in the page and its size. */
export type AuditQuery = Partial<TAuditQuery>;

export const auditApi = {
  list: (query: AuditQuery) => http.get<TAuditPage>('/api/audit', { ...query }),
};
