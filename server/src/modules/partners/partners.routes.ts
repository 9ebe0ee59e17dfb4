import { z } from 'zod';
import {
  ZPartner,
  ZPartnerCreate,
  ZPartnerCreated,
  ZPartnerDetail,
  ZPartnerDetailQuery,
  ZPartnerListQuery,
  ZPartnerUpdate,
  zId,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { presentPartner, presentPartnerDetail } from './partners.presenter.js';
import { createPartner, listPartners, partnerDetail, setPartnerArchived, updatePartner } from './partners.service.js';

const ZIdParams = z.object({ id: zId });

/** Partners of activities (共建单位、爱心商家、非遗传承人、专业机构) as records. */
export function partnersRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/partners',
    {
      schema: {
        tags: ['partners'],
        summary:
          '合作方（共建单位、爱心商家、非遗传承人、专业机构）；默认只列在用的，archived=1 连同已归档，only 只看已归档',
        querystring: ZPartnerListQuery,
        response: { 200: z.array(ZPartner) },
      },
      preHandler: requireStaff,
    },
    async (request) => {
      const actor = actorOf(request);
      return (await listPartners({ deps, actor, query: request.query })).map(presentPartner(actor));
    },
  );

  app.post(
    '/api/partners',
    {
      schema: { tags: ['partners'], summary: '登记合作方', body: ZPartnerCreate, response: { 201: ZPartnerCreated } },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await createPartner({ deps, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/api/partners/:id',
    {
      schema: {
        tags: ['partners'],
        summary: '合作方详情与参与的活动（分页）',
        params: ZIdParams,
        querystring: ZPartnerDetailQuery,
        response: { 200: ZPartnerDetail },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentPartnerDetail(
        await partnerDetail({
          deps,
          actor: actorOf(request),
          partnerId: request.params.id,
          page: request.query.page ?? 1,
        }),
      ),
  );

  app.patch(
    '/api/partners/:id',
    {
      schema: {
        tags: ['partners'],
        summary: '修改合作方名称、联系人、电话、备注',
        params: ZIdParams,
        body: ZPartnerUpdate,
        response: { 204: z.null() },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      await updatePartner({ deps, actor: actorOf(request), partnerId: request.params.id, data: request.body });
      return reply.status(204).send(null);
    },
  );

  for (const [path, archived, summary] of [
    ['archive', true, '归档合作方（不再出现在活动的合作方选择中）'],
    ['unarchive', false, '恢复已归档的合作方'],
  ] as const) {
    app.post(
      `/api/partners/:id/${path}`,
      {
        schema: { tags: ['partners'], summary, params: ZIdParams, response: { 204: z.null() } },
        preHandler: requireStaff,
      },
      async (request, reply) => {
        await setPartnerArchived({ deps, actor: actorOf(request), partnerId: request.params.id, archived });
        return reply.status(204).send(null);
      },
    );
  }
}
