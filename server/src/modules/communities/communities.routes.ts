import { z } from 'zod';
import { ZCenter, ZCenterUpdate, ZCommunity, ZCommunityCreate, ZVenue, ZVenueCreate, zId } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireCenterAdmin, requireStaff } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import {
  centerOf,
  updateCenter,
  createCommunity,
  createVenue,
  listCommunities,
  listVenuesOf,
} from './communities.service.js';

const ZCommunityParams = z.object({ id: zId });

export function communitiesRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/public/center',
    { schema: { tags: ['communities'], summary: '服务中心名称与公开网址', response: { 200: ZCenter } } },
    async () => centerOf(deps),
  );

  app.patch(
    '/api/center',
    {
      schema: {
        tags: ['communities'],
        summary: '中心信息：名称与公开网址（二维码、推文、日历的链接都以它为准）',
        body: ZCenterUpdate,
        response: { 200: ZCenter },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) => updateCenter({ deps, actor: actorOf(request), data: request.body }),
  );

  app.get(
    '/api/public/communities',
    { schema: { tags: ['communities'], summary: '社区列表', response: { 200: z.array(ZCommunity) } } },
    async () => listCommunities(deps),
  );

  app.post(
    '/api/communities',
    {
      schema: { tags: ['communities'], summary: '新建社区', body: ZCommunityCreate, response: { 201: ZCommunity } },
      preHandler: requireCenterAdmin,
    },
    async (request, reply) =>
      reply.status(201).send(await createCommunity({ deps, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/api/communities/:id/venues',
    {
      schema: {
        tags: ['communities'],
        summary: '社区的场地',
        params: ZCommunityParams,
        response: { 200: z.array(ZVenue) },
      },
      preHandler: requireStaff,
    },
    async (request) => listVenuesOf({ deps, actor: actorOf(request), communityId: request.params.id }),
  );

  app.post(
    '/api/communities/:id/venues',
    {
      schema: {
        tags: ['communities'],
        summary: '新增场地',
        params: ZCommunityParams,
        body: ZVenueCreate,
        response: { 201: ZVenue },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createVenue({ deps, actor: actorOf(request), communityId: request.params.id, data: request.body })),
  );
}
