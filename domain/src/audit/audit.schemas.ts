import { z } from 'zod';
import { zId, zInstantIn, zQueryInt } from '../shared/schemas.js';
import { AUDIT_ACTIONS } from './actions.js';

const zInstant = zInstantIn('时间应为带时区的 ISO 8601 格式');

export const ZAuditQuery = z.object({
  actorId: zId.optional(),
  residentId: zId.optional(),
  action: z.enum(AUDIT_ACTIONS, { error: '没有这种操作' }).optional(),
  from: zInstant.optional(),
  to: zInstant.optional(),
  page: zQueryInt('页码', 1, 100_000).default(1),
  /**
   * Keyset paging: only entries older than this one (the `next` of the page before). With it the page
   * is found through the primary key whatever its depth; `page` is then only echoed back, not skipped to.
   */
  before: zId.optional(),
  pageSize: zQueryInt('每页条数', 1, 200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;
