import { z } from 'zod';
import {
  MERCHANT_REQUEST_STATUSES,
  ZContribution,
  ZContributionConfirm,
  ZContributionConfirmed,
  ZContributionCreate,
  ZContributionRecorded,
  ZMerchantRating,
  ZMerchantRequest,
  ZMerchantRequestCreate,
  ZMerchantRequestRaised,
  ZMerchantRequestUpdate,
  ZPublicMerchant,
  ZRatingMonth,
  ZWallMerchant,
  zId,
  NEXT_CURSOR_HEADER,
  ZPublicPageQuery,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { sendXlsx, ZXlsxFile } from '../../platform/xlsx.js';
import {
  presentContribution,
  presentPublicMerchant,
  presentRating,
  presentRatingMonth,
  presentRequest,
  presentWall,
} from './partners.presenter.js';
import {
  confirmContribution,
  merchantContributions,
  exportContributions,
  merchantRating,
  merchantWallPage,
  moveRequest,
  publicMerchantPage,
  raiseRequest,
  ratingTrend,
  recordContribution,
  requestsFor,
} from './partners.service.js';

const ZIdParams = z.object({ id: zId });

/** Merchants as partners (社区搭台、商户唱戏、居民受益): contributions, stars, the wall and requests. */
export function merchantPartnersRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/public/merchants',
    {
      schema: {
        tags: ['merchants'],
        summary: '商户墙：党建联盟商户与星级商户（公开）',
        querystring: z.object({ communityId: zId.optional() }).extend(ZPublicPageQuery.shape),
        response: { 200: z.array(ZWallMerchant) },
      },
    },
    async (request, reply) => {
      const { wall, nextCursor } = await merchantWallPage({ deps, ...request.query });
      if (nextCursor) reply.header(NEXT_CURSOR_HEADER, nextCursor);
      return presentWall(wall);
    },
  );

  app.get(
    '/api/public/merchants/:id',
    {
      schema: {
        tags: ['merchants'],
        summary: '商户公开页（牌匾二维码指向这里）',
        params: ZIdParams,
        response: { 200: ZPublicMerchant },
      },
    },
    async (request) => presentPublicMerchant(await publicMerchantPage({ deps, merchantId: request.params.id })),
  );

  app.get(
    '/api/merchants/:id/rating',
    { schema: { tags: ['merchants'], summary: '星级与依据', params: ZIdParams, response: { 200: ZMerchantRating } } },
    async (request) => presentRating(await merchantRating({ deps, merchantId: request.params.id })),
  );

  app.get(
    '/api/merchants/:id/rating/history',
    {
      schema: {
        tags: ['merchants'],
        summary: '每月评星记录（趋势）',
        params: ZIdParams,
        response: { 200: z.array(ZRatingMonth) },
      },
      preHandler: requireUser,
    },
    async (request) =>
      (await ratingTrend({ deps, actor: actorOf(request), merchantId: request.params.id })).map(presentRatingMonth),
  );

  app.post(
    '/api/merchants/:id/contributions',
    {
      schema: {
        tags: ['merchants'],
        summary: '记录商户参与（赞助、摊位、服务…）及质量评分',
        params: ZIdParams,
        body: ZContributionCreate,
        response: { 201: ZContributionRecorded },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(
        await recordContribution({
          deps,
          actor: actorOf(request),
          merchantId: request.params.id,
          data: request.body,
        }),
      ),
  );

  app.get(
    '/api/merchants/:id/contributions',
    {
      schema: {
        tags: ['merchants'],
        summary: '商户的参与记录',
        params: ZIdParams,
        response: { 200: z.array(ZContribution) },
      },
      preHandler: requireUser,
    },
    async (request) =>
      (await merchantContributions({ deps, actor: actorOf(request), merchantId: request.params.id })).map(
        presentContribution,
      ),
  );

  app.get(
    '/api/merchants/:id/contributions/export',
    {
      schema: {
        tags: ['merchants'],
        summary: '导出商户的参与记录（Excel）',
        params: ZIdParams,
        response: { 200: ZXlsxFile },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      sendXlsx(reply, await exportContributions({ deps, actor: actorOf(request), merchantId: request.params.id })),
  );

  app.patch(
    '/api/merchant-contributions/:id',
    {
      schema: {
        tags: ['merchants'],
        summary: '确认自动记录的参与（捐赠、核销）的质量',
        params: ZIdParams,
        body: ZContributionConfirm,
        response: { 200: ZContributionConfirmed },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      confirmContribution({
        deps,
        actor: actorOf(request),
        contributionId: request.params.id,
        quality: request.body.quality,
      }),
  );

  app.post(
    '/api/merchants/:id/requests',
    {
      schema: {
        tags: ['merchants'],
        summary: '商户提出诉求',
        params: ZIdParams,
        body: ZMerchantRequestCreate,
        response: { 201: ZMerchantRequestRaised },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await raiseRequest({ deps, actor: actorOf(request), merchantId: request.params.id, data: request.body })),
  );

  app.get(
    '/api/merchants/:id/requests',
    {
      schema: {
        tags: ['merchants'],
        summary: '本店的诉求',
        params: ZIdParams,
        response: { 200: z.array(ZMerchantRequest) },
      },
      preHandler: requireUser,
    },
    async (request) =>
      (await requestsFor({ deps, actor: actorOf(request), merchantId: request.params.id })).map(presentRequest),
  );

  app.get(
    '/api/merchant-requests',
    {
      schema: {
        tags: ['merchants'],
        summary: '辖区商户诉求（含办理时长与超期）',
        querystring: z.object({ status: z.enum(MERCHANT_REQUEST_STATUSES).optional() }),
        response: { 200: z.array(ZMerchantRequest) },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      (await requestsFor({ deps, actor: actorOf(request), status: request.query.status })).map(presentRequest),
  );

  app.patch(
    '/api/merchant-requests/:id',
    {
      schema: {
        tags: ['merchants'],
        summary: '办理诉求：open → in_progress → resolved',
        params: ZIdParams,
        body: ZMerchantRequestUpdate,
        response: { 200: ZMerchantRequest },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentRequest(
        await moveRequest({ deps, actor: actorOf(request), requestId: request.params.id, data: request.body }),
      ),
  );
}
