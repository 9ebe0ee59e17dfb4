import { z } from 'zod';
import { ZMerchant, ZMerchantCreate, ZMerchantCreated, ZMerchantUpdate, zId } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { getMerchant, listMerchantsInScope, registerMerchant, updateMerchant } from './merchants.service.js';
import { presentMerchant } from './merchants.presenter.js';

const ZCommunityFilter = z.object({ communityId: zId.optional() });

export function merchantsRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/merchants',
    {
      schema: {
        tags: ['merchants'],
        summary: '商户名录（按管辖范围）',
        querystring: ZCommunityFilter,
        response: { 200: z.array(ZMerchant) },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      (await listMerchantsInScope({ deps, actor: actorOf(request), communityId: request.query.communityId })).map(
        presentMerchant,
      ),
  );

  app.get(
    '/api/merchants/:id',
    {
      schema: {
        tags: ['merchants'],
        summary: '商户详情（本店账号或管辖的工作人员）',
        params: z.object({ id: zId }),
        response: { 200: ZMerchant },
      },
      preHandler: requireUser,
    },
    async (request) =>
      presentMerchant(await getMerchant({ deps, actor: actorOf(request), merchantId: request.params.id })),
  );

  app.post(
    '/api/merchants',
    {
      schema: { tags: ['merchants'], summary: '登记商户', body: ZMerchantCreate, response: { 201: ZMerchantCreated } },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await registerMerchant({ deps, actor: actorOf(request), data: request.body })),
  );

  app.patch(
    '/api/merchants/:id',
    {
      schema: {
        tags: ['merchants'],
        summary: '修改商户',
        params: z.object({ id: zId }),
        body: ZMerchantUpdate,
        response: { 200: ZMerchant },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentMerchant(
        await updateMerchant({ deps, actor: actorOf(request), merchantId: request.params.id, data: request.body }),
      ),
  );
}
