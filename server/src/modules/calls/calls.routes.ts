import {
  ZCallEntry,
  ZCallEntryParams,
  ZCallListDetail,
  ZCallListParams,
  ZCallLists,
  ZCallOutcome,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { listCallLists, readCallList, recordCallOutcome } from './calls.service.js';

export function callsRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/call-lists',
    {
      schema: {
        tags: ['calls'],
        summary: '待电话通知：近 30 天的通知名单（未完成的在前；社区只看本社区居民）',
        response: { 200: ZCallLists },
      },
      preHandler: requireStaff,
    },
    async (request) => listCallLists({ deps, actor: actorOf(request) }),
  );

  app.get(
    '/api/call-lists/:id',
    {
      schema: {
        tags: ['calls'],
        summary: '一份通知名单：每人的电话、状态（待通知、已在应用中看到、已通知、联系不上）',
        params: ZCallListParams,
        response: { 200: ZCallListDetail },
      },
      preHandler: requireStaff,
    },
    async (request) => readCallList({ deps, actor: actorOf(request), listId: request.params.id }),
  );

  app.post(
    '/api/call-lists/:id/entries/:entryId/outcome',
    {
      schema: {
        tags: ['calls'],
        summary: '记录电话通知结果（已通知 / 联系不上；先记录者为准，再次记录答 409 CALL_ALREADY_RECORDED）',
        params: ZCallEntryParams,
        body: ZCallOutcome,
        response: { 200: ZCallEntry },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      recordCallOutcome({
        deps,
        actor: actorOf(request),
        listId: request.params.id,
        entryId: request.params.entryId,
        data: request.body,
      }),
  );
}
