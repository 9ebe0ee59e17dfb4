import { ZSetupStatus } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { requireCenterAdmin } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { setupStatus } from './setup.service.js';

export function setupRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/setup/status',
    {
      schema: {
        tags: ['setup'],
        summary: '开通向导：中心信息、社区与场地、账号、积分规则、社区益家、便民服务、本周菜单 各步是否完成',
        response: { 200: ZSetupStatus },
      },
      preHandler: requireCenterAdmin,
    },
    async () => setupStatus(deps),
  );
}
