import { z } from 'zod';
import {
  ZClaimResult,
  ZHonourResult,
  ZMerchantOffer,
  ZMyVoucher,
  ZStatementMonth,
  ZVoucherClaim,
  ZVoucherOffer,
  ZVoucherOfferCreate,
  ZVoucherOfferCreated,
  ZVoucherRedeem,
  ZVoucherStatement,
  ZVoucherStatementCsv,
  zId,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireUser } from '../../platform/guards.js';
import { respondOnce, ZIdempotencyHeaders } from '../../platform/idempotency.js';
import type { ZApp } from '../../platform/zod-app.js';
import { sendXlsx, ZXlsxFile } from '../../platform/xlsx.js';
import {
  presentMerchantOffer,
  presentMyVouchers,
  presentPublicOffer,
  presentVoucherStatement,
  voucherStatementCsv,
} from './vouchers.presenter.js';
import {
  claimVoucher,
  createOffer,
  exportVoucherStatement,
  honourVoucher,
  liveOffers,
  monthlyStatement,
  myVouchers,
  offersOfMerchant,
} from './vouchers.service.js';

const ZMerchantParams = z.object({ id: zId });

export function vouchersRoutes(app: ZApp, deps: AppDeps): void {
  app.post(
    '/api/vouchers/offers',
    {
      schema: {
        tags: ['vouchers'],
        summary: '商户发布代金券',
        body: ZVoucherOfferCreate,
        response: { 201: ZVoucherOfferCreated },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      reply.status(201).send(await createOffer({ deps, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/api/public/vouchers/offers',
    {
      schema: {
        tags: ['vouchers'],
        summary: '可领取的代金券（公开）',
        querystring: z.object({ communityId: zId.optional() }),
        response: { 200: z.array(ZVoucherOffer) },
      },
    },
    async (request) => (await liveOffers({ deps, communityId: request.query.communityId })).map(presentPublicOffer),
  );

  app.post(
    '/api/vouchers/claims',
    {
      schema: {
        tags: ['vouchers'],
        summary: '用积分领取代金券（支持 Idempotency-Key）',
        body: ZVoucherClaim,
        headers: ZIdempotencyHeaders,
        response: { 201: ZClaimResult },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 201, (trx) =>
        claimVoucher(trx, deps, { actor: actorOf(request), data: request.body }),
      ),
  );

  app.get(
    '/api/vouchers/mine',
    {
      schema: { tags: ['vouchers'], summary: '我的代金券', response: { 200: z.array(ZMyVoucher) } },
      preHandler: requireUser,
    },
    async (request) => presentMyVouchers(await myVouchers({ deps, actor: actorOf(request) })),
  );

  app.post(
    '/api/vouchers/redeem',
    {
      schema: {
        tags: ['vouchers'],
        summary: '商户核销代金券（仅一次；支持 Idempotency-Key）',
        body: ZVoucherRedeem,
        headers: ZIdempotencyHeaders,
        response: { 200: ZHonourResult },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 200, (trx) =>
        honourVoucher(trx, deps, { actor: actorOf(request), code: request.body.code }),
      ),
  );

  app.get(
    '/api/merchants/:id/voucher-offers',
    {
      schema: {
        tags: ['vouchers'],
        summary: '本店发布的代金券',
        params: ZMerchantParams,
        response: { 200: z.array(ZMerchantOffer) },
      },
      preHandler: requireUser,
    },
    async (request) =>
      (await offersOfMerchant({ deps, actor: actorOf(request), merchantId: request.params.id })).map(
        presentMerchantOffer,
      ),
  );

  app.get(
    '/api/merchants/:id/voucher-statement',
    {
      schema: {
        tags: ['vouchers'],
        summary: '代金券月度对账单（format=csv 可导出）',
        params: ZMerchantParams,
        querystring: ZStatementMonth,
        response: { 200: z.union([ZVoucherStatement, ZVoucherStatementCsv]) },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      const statement = await monthlyStatement({
        deps,
        actor: actorOf(request),
        merchantId: request.params.id,
        month: request.query.month,
      });
      if (request.query.format !== 'csv') return presentVoucherStatement(statement);
      const { filename, csv } = voucherStatementCsv(statement);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  );

  app.get(
    '/api/merchants/:id/voucher-statement/export',
    {
      schema: {
        tags: ['vouchers'],
        summary: '导出代金券月度对账单（Excel）',
        params: ZMerchantParams,
        querystring: ZStatementMonth.pick({ month: true }),
        response: { 200: ZXlsxFile },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      sendXlsx(
        reply,
        await exportVoucherStatement({
          deps,
          actor: actorOf(request),
          merchantId: request.params.id,
          month: request.query.month,
        }),
      ),
  );
}
