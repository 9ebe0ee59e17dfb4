import { z } from 'zod';
import {
  ZCenter,
  ZCenterUpdate,
  ZArchivedCommunity,
  ZCommunity,
  ZCommunityCreate,
  ZCommunityUpdate,
  ZVenue,
  ZVenueCreate,
  ZVenueUpdate,
  zId,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireCenterAdmin, requireStaff } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import {
  archiveCommunity,
  archiveVenue,
  centerOf,
  updateCenter,
  createCommunity,
  createVenue,
  listArchivedCommunities,
  listCommunities,
  listVenuesOf,
  renameCommunity,
  unarchiveCommunity,
  unarchiveVenue,
  updateVenue,
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
        summary: '社区的场地（在用的；withArchived=1 连同已归档的）',
        params: ZCommunityParams,
        querystring: z.object({ withArchived: z.enum(['0', '1'], { error: 'withArchived 应为 0 或 1' }).optional() }),
        response: { 200: z.array(ZVenue) },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      (
        await listVenuesOf({
          deps,
          actor: actorOf(request),
          communityId: request.params.id,
          withArchived: request.query.withArchived === '1',
        })
      ).map((v) => ({ id: v.id, name: v.name, address: v.address, archived: v.archived_at != null })),
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

  app.patch(
    '/api/communities/:id',
    {
      schema: {
        tags: ['communities'],
        summary: '社区改名',
        params: ZCommunityParams,
        body: ZCommunityUpdate,
        response: { 204: z.null() },
      },
      preHandler: requireCenterAdmin,
    },
    async (request, reply) => {
      await renameCommunity({ deps, actor: actorOf(request), communityId: request.params.id, data: request.body });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/communities/:id/archive',
    {
      schema: {
        tags: ['communities'],
        summary: '归档社区（还有在册居民、在用账号或便民服务时拒绝，COMMUNITY_IN_USE）',
        params: ZCommunityParams,
        response: { 204: z.null() },
      },
      preHandler: requireCenterAdmin,
    },
    async (request, reply) => {
      await archiveCommunity({ deps, actor: actorOf(request), communityId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/venues/:id',
    {
      schema: {
        tags: ['communities'],
        summary: '修改场地名称、地址',
        params: ZCommunityParams,
        body: ZVenueUpdate,
        response: { 204: z.null() },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      await updateVenue({ deps, actor: actorOf(request), venueId: request.params.id, data: request.body });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/venues/:id/archive',
    {
      schema: {
        tags: ['communities'],
        summary: '归档场地（不再出现在选择列表中）',
        params: ZCommunityParams,
        response: { 204: z.null() },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      await archiveVenue({ deps, actor: actorOf(request), venueId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/communities/archived',
    {
      schema: {
        tags: ['communities'],
        summary: '已归档的社区（中心恢复用）',
        response: { 200: z.array(ZArchivedCommunity) },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) =>
      (await listArchivedCommunities({ deps, actor: actorOf(request) })).map((c) => ({
        id: c.id,
        name: c.name,
        archivedAt: c.archived_at!,
      })),
  );

  app.post(
    '/api/communities/:id/unarchive',
    {
      schema: {
        tags: ['communities'],
        summary: '恢复已归档的社区',
        params: ZCommunityParams,
        response: { 204: z.null() },
      },
      preHandler: requireCenterAdmin,
    },
    async (request, reply) => {
      await unarchiveCommunity({ deps, actor: actorOf(request), communityId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/venues/:id/unarchive',
    {
      schema: {
        tags: ['communities'],
        summary: '恢复已归档的场地',
        params: ZCommunityParams,
        response: { 204: z.null() },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      await unarchiveVenue({ deps, actor: actorOf(request), venueId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
