import { ZAuditQuery } from '@zhongli/domain';
import type { ZApp } from '../../platform/zod-app.js';
import type { AppDeps } from '../../platform/deps.js';
import { requireCenterAdmin } from '../../platform/guards.js';
import { listAudit } from './audit.service.js';
import { presentAuditEntry } from './audit.presenter.js';

export function auditRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/audit',
    {
      schema: { tags: ['audit'], summary: '审计日志（只增不改）', querystring: ZAuditQuery },
      preHandler: requireCenterAdmin,
    },
    async (request) => {
      const { rows, hasMore } = await listAudit({ deps, query: request.query });
      return { entries: rows.map(presentAuditEntry), page: request.query.page, hasMore };
    },
  );
}
