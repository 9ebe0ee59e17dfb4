import { ZDashboard, ZPeriodFigures, ZPeriodQuery } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { readDashboard, readPeriodFigures } from './stats.service.js';

export function statsRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/stats/period',
    {
      schema: {
        tags: ['stats'],
        summary: '一个时段的统计数字（全县或一个社区；社区工作人员只看本社区）',
        querystring: ZPeriodQuery,
        response: { 200: ZPeriodFigures },
      },
      preHandler: requireStaff,
    },
    async (request) => readPeriodFigures({ deps, actor: actorOf(request), query: request.query }),
  );

  app.get(
    '/api/stats/dashboard',
    {
      schema: {
        tags: ['stats'],
        summary: '数据看板与数据大屏：时段数字、每周活动、代金券、库存、排班、商户星级与诉求',
        querystring: ZPeriodQuery,
        response: { 200: ZDashboard },
      },
      preHandler: requireStaff,
    },
    async (request) => readDashboard({ deps, actor: actorOf(request), query: request.query }),
  );
}
