import { ZAuditPage, ZAuditQuery } from '@zhongli/domain';
import type { ZApp } from '../../platform/zod-app.js';
import type { AppDeps } from '../../platform/deps.js';
import { requireCenterAdmin } from '../../platform/guards.js';
import { listAudit } from './audit.service.js';
import { presentAuditPage } from './audit.presenter.js';

export function auditRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（只增不改）',
        querystring: ZAuditQuery,
        response: { 200: ZAuditPage },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) => presentAuditPage(await listAudit({ deps, query: request.query }), request.query.page),
  );
}
