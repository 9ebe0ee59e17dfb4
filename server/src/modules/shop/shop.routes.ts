import { z } from 'zod';
import {
  ZDonationCreate,
  ZDonationRecorded,
  ZDonorBoardRow,
  ZReceipt,
  ZRedemptionResult,
  ZShelfLabel,
  ZShopItem,
  ZShopItemCreated,
  ZStaffShopItem,
  ZStockAdjusted,
  ZStockMovements,
  ZRedemptionCreate,
  ZShopItemCreate,
  ZShopItemUpdate,
  ZStockAdjustment,
  zId,
  NEXT_CURSOR_HEADER,
  ZPublicPageQuery,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import { respondOnce, ZIdempotencyHeaders } from '../../platform/idempotency.js';
import type { ZApp } from '../../platform/zod-app.js';
import { rowsOf, tables } from '../../platform/public-cache.js';
import { sendXlsx, ZXlsxFile } from '../../platform/xlsx.js';
import {
  presentDonorBoard,
  presentPublicShelf,
  presentPublicShelfItem,
  presentReceipt,
  presentShelfLabel,
  presentStaffShelf,
  presentStaffShelfItem,
  presentStockMovements,
} from './shop.presenter.js';
import {
  adjustStock,
  catalogue,
  createItem,
  donorBoard,
  getReceipt,
  publicItem,
  publicShelfPage,
  recordDonation,
  redeemAtCounter,
  shelfLabel,
  stockMovements,
  exportStockMovements,
  updateItem,
} from './shop.service.js';

const ZIdParams = z.object({ id: zId });
const ZCommunityFilter = z.object({ communityId: zId.optional() });

export function shopRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/public/shop/items',
    {
      schema: {
        tags: ['shop'],
        summary: '社区益家物品（公开，含捐赠方）',
        querystring: ZCommunityFilter.extend(ZPublicPageQuery.shape),
        response: { 200: z.array(ZShopItem) },
      },
      // One community's shelf (stock moves with every redemption there); the county list sums them all.
      config: {
        publicCache: {
          maxAgeSeconds: 30,
          depends: ({ query }) => [
            rowsOf('shop_items', query.communityId),
            rowsOf('shop_donations', query.communityId),
            ...tables('merchants', 'communities'),
          ],
        },
      },
    },
    async (request, reply) => {
      const { nextCursor, ...shelf } = await publicShelfPage({ deps, ...request.query });
      if (nextCursor) reply.header(NEXT_CURSOR_HEADER, nextCursor);
      return presentPublicShelf(shelf);
    },
  );

  app.get(
    '/api/public/shop/items/:id',
    {
      schema: {
        tags: ['shop'],
        summary: '单个物品（货架标签二维码指向这里）',
        params: ZIdParams,
        response: { 200: ZShopItem },
      },
    },
    async (request) => presentPublicShelfItem(await publicItem({ deps, itemId: request.params.id })),
  );

  app.get(
    '/api/public/shop/donors',
    {
      schema: {
        tags: ['shop'],
        summary: '爱心榜（捐赠方）',
        querystring: z.object({ communityId: zId }),
        response: { 200: z.array(ZDonorBoardRow) },
      },
    },
    async (request) => presentDonorBoard(await donorBoard({ deps, communityId: request.query.communityId })),
  );

  app.get(
    '/api/shop/items',
    {
      schema: {
        tags: ['shop'],
        summary: '物品与库存（含低库存提醒）',
        querystring: ZCommunityFilter,
        response: { 200: z.array(ZStaffShopItem) },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentStaffShelf(await catalogue({ deps, communityId: request.query.communityId, actor: actorOf(request) })),
  );

  app.post(
    '/api/shop/items',
    {
      schema: { tags: ['shop'], summary: '上架物品', body: ZShopItemCreate, response: { 201: ZShopItemCreated } },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await createItem({ deps, actor: actorOf(request), data: request.body })),
  );

  app.patch(
    '/api/shop/items/:id',
    {
      schema: {
        tags: ['shop'],
        summary: '修改物品（含暂停兑换）',
        params: ZIdParams,
        body: ZShopItemUpdate,
        response: { 200: ZStaffShopItem },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentStaffShelfItem(
        await updateItem({ deps, actor: actorOf(request), itemId: request.params.id, data: request.body }),
      ),
  );

  app.post(
    '/api/shop/donations',
    {
      schema: {
        tags: ['shop'],
        summary: '捐赠入库（支持 Idempotency-Key）',
        body: ZDonationCreate,
        headers: ZIdempotencyHeaders,
        response: { 201: ZDonationRecorded },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 201, (trx) =>
        recordDonation(trx, deps, { actor: actorOf(request), data: request.body }),
      ),
  );

  app.post(
    '/api/shop/items/:id/stock-adjustments',
    {
      schema: {
        tags: ['shop'],
        summary: '库存调整（需写原因，记入审计；支持 Idempotency-Key）',
        params: ZIdParams,
        body: ZStockAdjustment,
        headers: ZIdempotencyHeaders,
        response: { 201: ZStockAdjusted },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 201, (trx) =>
        adjustStock(trx, deps, { actor: actorOf(request), itemId: request.params.id, data: request.body }),
      ),
  );

  app.get(
    '/api/shop/items/:id/movements',
    {
      schema: { tags: ['shop'], summary: '库存流水', params: ZIdParams, response: { 200: ZStockMovements } },
      preHandler: requireStaff,
    },
    async (request) =>
      presentStockMovements(await stockMovements({ deps, actor: actorOf(request), itemId: request.params.id })),
  );

  app.get(
    '/api/shop/items/:id/movements/export',
    {
      schema: { tags: ['shop'], summary: '导出库存流水（Excel）', params: ZIdParams, response: { 200: ZXlsxFile } },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      sendXlsx(reply, await exportStockMovements({ deps, actor: actorOf(request), itemId: request.params.id })),
  );

  app.get(
    '/api/shop/items/:id/label',
    {
      schema: {
        tags: ['shop'],
        summary: '货架标签（积分价、物品、捐赠方、二维码）',
        params: ZIdParams,
        response: { 200: ZShelfLabel },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentShelfLabel(await shelfLabel({ deps, actor: actorOf(request), itemId: request.params.id })),
  );

  app.post(
    '/api/shop/redemptions',
    {
      schema: {
        tags: ['shop'],
        summary: '柜台兑换（全部成功或全部不做；支持 Idempotency-Key）',
        body: ZRedemptionCreate,
        headers: ZIdempotencyHeaders,
        response: { 201: ZRedemptionResult },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 201, (trx) =>
        redeemAtCounter(trx, deps, { actor: actorOf(request), data: request.body }),
      ),
  );

  app.get(
    '/api/shop/redemptions/:id',
    {
      schema: { tags: ['shop'], summary: '兑换凭条', params: ZIdParams, response: { 200: ZReceipt } },
      preHandler: requireUser,
    },
    async (request) =>
      presentReceipt(await getReceipt({ deps, actor: actorOf(request), redemptionId: request.params.id })),
  );
}
