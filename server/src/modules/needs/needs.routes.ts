import { z } from 'zod';
import {
  NEED_CATEGORIES,
  ZNeed,
  ZNeedCreate,
  ZNeedCreated,
  ZNeedOnBehalf,
  ZNeedSupported,
  ZNeedSupportOnBehalf,
  ZNeedsPlan,
  zId,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import {
  listPublicNeeds,
  planNeeds,
  postNeed,
  postNeedOnBehalf,
  supportNeed,
  supportNeedOnBehalf,
} from './needs.service.js';
import { presentNeed, presentNeedsPlan } from './needs.presenter.js';

const ZPublicNeedsQuery = z.object({ communityId: zId.optional() });
const ZPlanningQuery = z.object({
  communityId: zId.optional(),
  category: z.enum(NEED_CATEGORIES, { error: `类别应为：${NEED_CATEGORIES.join('、')}` }).optional(),
});

export function needsRoutes(app: ZApp, deps: AppDeps): void {
  app.post(
    '/api/needs',
    {
      schema: { tags: ['needs'], summary: '居民点单（本社区）', body: ZNeedCreate, response: { 201: ZNeedCreated } },
      preHandler: requireUser,
    },
    async (request, reply) =>
      reply.status(201).send(await postNeed({ deps, actor: actorOf(request), data: request.body })),
  );

  app.post(
    '/api/needs/:id/support',
    {
      schema: {
        tags: ['needs'],
        summary: '支持一条需求（每人一次）',
        params: z.object({ id: zId }),
        response: { 201: ZNeedSupported },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      reply.status(201).send(await supportNeed({ deps, actor: actorOf(request), needId: request.params.id })),
  );

  app.post(
    '/api/needs/on-behalf',
    {
      schema: {
        tags: ['needs'],
        summary: '代点单：工作人员为本社区居民发布需求',
        body: ZNeedOnBehalf,
        response: { 201: ZNeedCreated },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await postNeedOnBehalf({ deps, actor: actorOf(request), data: request.body })),
  );

  app.post(
    '/api/needs/:id/support/on-behalf',
    {
      schema: {
        tags: ['needs'],
        summary: '代居民支持一条需求（每人一次）',
        params: z.object({ id: zId }),
        body: ZNeedSupportOnBehalf,
        response: { 201: ZNeedSupported },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(
        await supportNeedOnBehalf({
          deps,
          actor: actorOf(request),
          needId: request.params.id,
          residentId: request.body.residentId,
        }),
      ),
  );

  app.get(
    '/api/public/needs',
    {
      schema: {
        tags: ['needs'],
        summary: '居民需求与回应的活动（公开）',
        querystring: ZPublicNeedsQuery,
        response: { 200: z.array(ZNeed) },
      },
    },
    async (request) => (await listPublicNeeds({ deps, communityId: request.query.communityId })).map(presentNeed),
  );

  app.get(
    '/api/needs',
    {
      schema: {
        tags: ['needs'],
        summary: '需求汇总（按类别，供排活动）',
        querystring: ZPlanningQuery,
        response: { 200: ZNeedsPlan },
      },
      preHandler: requireStaff,
    },
    async (request) => presentNeedsPlan(await planNeeds({ deps, actor: actorOf(request), ...request.query })),
  );
}
