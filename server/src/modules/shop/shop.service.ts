import {
  AppError,
  countyDateOf,
  countyInstant,
  monthlyLimitText,
  redemptionPoints,
  STOCK_MOVEMENT_LABELS,
  type TDonationCreate,
  type TRedemptionCreate,
  type TShopItemCreate,
  type TShopItemUpdate,
  type TStockAdjustment,
} from '@zhongli/domain';
import { refuseOwnResident, staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { keysetCursor, keysetPage } from '../../platform/keyset.js';
import type { XlsxColumn, XlsxSheet } from '../../platform/xlsx.js';
import { auditedExport, recordAudit } from '../audit/index.js';
import { findCommunity, publicBaseUrl } from '../communities/index.js';
import { findMerchant, recordAutomaticContribution } from '../merchants/index.js';
import { ensureActiveResident, findResident } from '../residents/index.js';
import { spendPoints } from '../points/index.js';
import * as repo from './shop.repository.js';
import { canReadReceipt, canRunShopIn } from './shop.policy.js';

async function itemInScope(db: AppDeps['db'] | Trx, actor: Actor, itemId: number, field = 'itemId') {
  const item = await repo.findItem(db, itemId);
  if (!item) throw new AppError('VALIDATION_FAILED', { details: [{ field, message: '物品不存在' }] });
  if (!canRunShopIn(actor, item.community_id)) throw new AppError('FORBIDDEN');
  return item;
}

// Catalogue -------------------------------------------------------------------------------------

export async function createItem({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TShopItemCreate }) {
  if (!(await findCommunity(deps.db, data.communityId)))
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'communityId', message: '社区不存在' }] });
  if (!canRunShopIn(actor, data.communityId)) throw new AppError('FORBIDDEN');
  return await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertItem(trx, {
      ...data,
      monthlyLimit: data.monthlyLimit ?? null,
      description: data.description || null,
      at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, actor, {
      action: 'shop.item.create',
      targetType: 'shop_item',
      targetId: id,
      communityId: data.communityId,
      summary: `上架物品 ${data.name}（${data.pointsPrice}积分）`,
    });
    return { id };
  });
}

export async function updateItem({
  deps,
  actor,
  itemId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  itemId: number;
  data: TShopItemUpdate;
}) {
  const item = await repo.findItem(deps.db, itemId);
  if (!item) throw new AppError('NOT_FOUND');
  if (!canRunShopIn(actor, item.community_id)) throw new AppError('FORBIDDEN');
  return await deps.db.transaction().execute(async (trx) => {
    await repo.updateItem(trx, itemId, {
      ...(data.name !== undefined ? { name: data.name } : {}),
      ...(data.pointsPrice !== undefined ? { points_price: data.pointsPrice } : {}),
      ...(data.monthlyLimit !== undefined ? { monthly_limit: data.monthlyLimit } : {}),
      ...(data.description !== undefined ? { description: data.description || null } : {}),
      ...(data.status !== undefined ? { status: data.status } : {}),
    });
    await recordAudit(trx, deps, actor, {
      action: 'shop.item.update',
      targetType: 'shop_item',
      targetId: itemId,
      communityId: item.community_id,
      summary: `修改物品 ${item.name}：${Object.keys(data).join('、')}`,
    });
    const updated = (await repo.findItem(trx, itemId))!;
    return { item: updated, donors: await repo.donorsOf(trx, [itemId]) };
  });
}

/** Items with their donors: the public shelf (active items), or the staff list of their communities (paused too). */
export async function catalogue({ deps, communityId, actor }: { deps: AppDeps; communityId?: number; actor?: Actor }) {
  const items = await repo.listItems(deps.db, {
    communityIds: actor ? staffCommunityIds(actor) : 'all',
    communityId,
    activeOnly: !actor,
  });
  const donors = await repo.donorsOf(
    deps.db,
    items.map((i) => i.id),
  );
  return { items, donors };
}

/**
 * One page of the public shelf (the county's can hold thousands of items): `limit` items after the
 * cursor's (community, price, id), and the cursor of the next page when there is one.
 */
export async function publicShelfPage({
  deps,
  communityId,
  limit,
  cursor,
}: {
  deps: AppDeps;
  communityId?: number;
  limit: number;
  cursor?: string;
}) {
  const rows = await repo.listItems(deps.db, {
    communityIds: 'all',
    communityId,
    activeOnly: true,
    page: { limit: limit + 1, after: keysetCursor<[number, number, number]>(cursor, 3) },
  });
  const { page: items, nextCursor } = keysetPage(rows, limit, (i) => [i.community_id, i.points_price, i.id]);
  return {
    items,
    donors: await repo.donorsOf(
      deps.db,
      items.map((i) => i.id),
    ),
    nextCursor,
  };
}

/** One item as the public sees it (the shelf label's QR code opens it), with its donors. */
export async function publicItem({ deps, itemId }: { deps: AppDeps; itemId: number }) {
  const item = await repo.findItem(deps.db, itemId);
  if (!item) throw new AppError('NOT_FOUND');
  return { item, donors: await repo.donorsOf(deps.db, [item.id]) };
}

/** What the blue shelf label prints: an item of the staff member's communities, with its donors. */
export async function shelfLabel({ deps, actor, itemId }: { deps: AppDeps; actor: Actor; itemId: number }) {
  const item = await repo.findItem(deps.db, itemId);
  if (!item) throw new AppError('NOT_FOUND');
  if (!canRunShopIn(actor, item.community_id)) throw new AppError('FORBIDDEN');
  // The QR on paper opens the item on the center's public address, never the address this request came to.
  const url = `${await publicBaseUrl(deps)}/shop/items/${item.id}`;
  return { item, donors: await repo.donorsOf(deps.db, [item.id]), url };
}

// Donations -------------------------------------------------------------------------------------

/** A donation is a new lot of stock, recorded with its donor and as the merchant's contribution. */
export async function recordDonation(
  trx: Trx,
  deps: AppDeps,
  { actor, data }: { actor: Actor; data: TDonationCreate },
) {
  const item = await itemInScope(trx, actor, data.itemId);
  const merchant = data.merchantId ? await findMerchant(trx, data.merchantId) : undefined;
  if (data.merchantId && !merchant)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'merchantId', message: '商户不存在' }] });
  const now = deps.clock.now();
  const donatedOn = data.donatedOn ?? countyDateOf(now);
  if (donatedOn > countyDateOf(now))
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'donatedOn', message: '捐赠日期不能晚于今天' }] });
  const at = now.toISOString();
  const donationId = await repo.insertDonation(trx, {
    itemId: item.id,
    communityId: item.community_id,
    merchantId: merchant?.id ?? null,
    donorName: merchant ? null : data.donorName!,
    quantity: data.quantity,
    donatedOn,
    estimatedValueFen: data.estimatedValueFen ?? null,
    note: data.note || null,
    recordedBy: actor.userId,
    at,
  });
  const stockAfter = await repo.addStock(trx, item.id, data.quantity);
  await repo.insertMovement(trx, {
    itemId: item.id,
    communityId: item.community_id,
    delta: data.quantity,
    stockAfter,
    kind: 'donation',
    refType: 'shop_donation',
    refId: String(donationId),
    reason: null,
    actorUserId: actor.userId,
    at,
  });
  const donor = merchant?.name ?? data.donorName!;
  if (merchant) {
    await recordAutomaticContribution(trx, deps, {
      merchantId: merchant.id,
      kind: 'donation',
      ref: { type: 'shop_donation', id: String(donationId) },
      description: `向社区益家捐赠 ${item.name} ${data.quantity} 件`,
      // Noon of the donation day, or now for a gift recorded the morning it arrived (never in the future).
      occurredAt: new Date(Math.min(Date.parse(countyInstant(donatedOn, '12:00')), now.getTime())).toISOString(),
      recordedBy: actor.userId,
    });
  }
  await recordAudit(trx, deps, actor, {
    action: 'shop.donation',
    targetType: 'shop_donation',
    targetId: donationId,
    communityId: item.community_id,
    summary: `${donor} 捐赠 ${item.name} ${data.quantity} 件，库存 ${stockAfter}`,
  });
  return { id: donationId, itemId: item.id, stock: stockAfter };
}

export async function adjustStock(
  trx: Trx,
  deps: AppDeps,
  { actor, itemId, data }: { actor: Actor; itemId: number; data: TStockAdjustment },
) {
  const item = await itemInScope(trx, actor, itemId);
  const at = deps.clock.now().toISOString();
  let stockAfter: number;
  if (data.delta > 0) {
    // Found stock (盘盈) becomes a lot of its own so that units still trace to a source.
    const donationId = await repo.insertDonation(trx, {
      itemId,
      communityId: item.community_id,
      merchantId: null,
      donorName: '库存调整（盘盈）',
      quantity: data.delta,
      donatedOn: countyDateOf(deps.clock.now()),
      estimatedValueFen: null,
      note: data.reason,
      recordedBy: actor.userId,
      at,
      source: 'adjustment',
    });
    stockAfter = await repo.addStock(trx, itemId, data.delta);
    await repo.insertMovement(trx, {
      itemId,
      communityId: item.community_id,
      delta: data.delta,
      stockAfter,
      kind: 'adjustment',
      refType: 'shop_donation',
      refId: String(donationId),
      reason: data.reason,
      actorUserId: actor.userId,
      at,
    });
  } else {
    const taken = await repo.takeStock(trx, itemId, -data.delta, { requireActive: false });
    if (taken === null)
      throw new AppError('OUT_OF_STOCK', { details: [{ field: 'delta', message: `库存只有 ${item.stock} 件` }] });
    stockAfter = taken;
    await repo.allocateFromLots(trx, itemId, -data.delta);
    await repo.insertMovement(trx, {
      itemId,
      communityId: item.community_id,
      delta: data.delta,
      stockAfter,
      kind: 'adjustment',
      refType: null,
      refId: null,
      reason: data.reason,
      actorUserId: actor.userId,
      at,
    });
  }
  await recordAudit(trx, deps, actor, {
    action: 'shop.stock.adjust',
    targetType: 'shop_item',
    targetId: itemId,
    communityId: item.community_id,
    summary: `调整 ${item.name} 库存 ${data.delta > 0 ? '+' : ''}${data.delta}：${data.reason}`,
  });
  return { itemId, stock: stockAfter };
}

export async function stockMovements({ deps, actor, itemId }: { deps: AppDeps; actor: Actor; itemId: number }) {
  const item = await repo.findItem(deps.db, itemId);
  if (!item) throw new AppError('NOT_FOUND');
  if (!canRunShopIn(actor, item.community_id)) throw new AppError('FORBIDDEN');
  return { item, movements: await repo.listMovements(deps.db, itemId) };
}

// The counter -----------------------------------------------------------------------------------

/**
 * Redeems items at the counter: every line or none. Lines are processed in item-id order so two
 * counters taking the same items lock them in the same order (no deadlock on PostgreSQL); each
 * line's stock is taken by a conditional UPDATE and traced to its lots; the points are spent
 * through the points module in the same transaction. Errors name the line.
 */
export async function redeemAtCounter(
  trx: Trx,
  deps: AppDeps,
  { actor, data }: { actor: Actor; data: TRedemptionCreate },
) {
  const resident = await findResident(trx, data.residentId);
  if (!resident) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '居民不存在' }] });
  ensureActiveResident(resident);
  if (!canRunShopIn(actor, resident.community_id)) throw new AppError('FORBIDDEN');
  refuseOwnResident(actor, resident.id);
  const now = deps.clock.now();
  const at = now.toISOString();
  const month = countyDateOf(now).slice(0, 7);
  const ordered = data.lines.map((line, index) => ({ ...line, index })).sort((a, b) => a.itemId - b.itemId);

  const taken: {
    index: number;
    item: repo.ItemRow;
    quantity: number;
    lots: { donationId: number; quantity: number }[];
    stockAfter: number;
  }[] = [];
  for (const line of ordered) {
    const field = `lines.${line.index}.itemId`;
    const item = await repo.findItem(trx, line.itemId);
    if (!item) throw new AppError('VALIDATION_FAILED', { details: [{ field, message: '物品不存在' }] });
    if (item.community_id !== resident.community_id)
      throw new AppError('VALIDATION_FAILED', { details: [{ field, message: `${item.name} 不是本社区益家的物品` }] });
    if (item.status !== 'active')
      throw new AppError('ITEM_UNAVAILABLE', { details: [{ field, message: `${item.name} 已暂停兑换` }] });
    if (
      item.monthly_limit != null &&
      !(await repo.takeLimitUnits(trx, {
        residentId: resident.id,
        itemId: item.id,
        month,
        quantity: line.quantity,
        limit: item.monthly_limit,
      }))
    ) {
      throw new AppError('LIMIT_REACHED', {
        details: [
          { field: `lines.${line.index}.quantity`, message: `${item.name} ${monthlyLimitText(item.monthly_limit)}` },
        ],
      });
    }
    const stockAfter = await repo.takeStock(trx, item.id, line.quantity, { requireActive: true });
    if (stockAfter === null) {
      const current = await repo.findItem(trx, item.id);
      throw new AppError('OUT_OF_STOCK', {
        details: [
          { field: `lines.${line.index}.quantity`, message: `${item.name} 库存只剩 ${current?.stock ?? 0} 件` },
        ],
      });
    }
    taken.push({
      index: line.index,
      item,
      quantity: line.quantity,
      lots: await repo.allocateFromLots(trx, item.id, line.quantity),
      stockAfter,
    });
  }

  const pointsSpent = redemptionPoints(taken.map((t) => ({ pointsPrice: t.item.points_price, quantity: t.quantity })));
  const summary = taken.map((t) => `${t.item.name}×${t.quantity}`).join('、');
  const redemptionId = await repo.insertRedemption(trx, {
    communityId: resident.community_id,
    residentId: resident.id,
    pointsSpent,
    actorUserId: actor.userId,
    at,
  });
  const entry = await spendPoints(trx, deps, {
    actor,
    residentId: resident.id,
    amount: pointsSpent,
    kind: 'redemption',
    refType: 'shop_redemption',
    refId: String(redemptionId),
    reason: `社区益家兑换：${summary}`,
    idempotencyKey: `redemption:${redemptionId}`,
  });
  await repo.linkRedemptionEntry(trx, redemptionId, entry.id);
  for (const t of taken.sort((a, b) => a.index - b.index)) {
    const lineId = await repo.insertRedemptionLine(trx, {
      redemptionId,
      itemId: t.item.id,
      itemName: t.item.name,
      quantity: t.quantity,
      pointsPrice: t.item.points_price,
    });
    await repo.insertRedemptionLots(trx, lineId, t.lots);
    await repo.insertMovement(trx, {
      itemId: t.item.id,
      communityId: t.item.community_id,
      delta: -t.quantity,
      stockAfter: t.stockAfter,
      kind: 'redemption',
      refType: 'shop_redemption',
      refId: String(redemptionId),
      reason: null,
      actorUserId: actor.userId,
      at,
    });
  }
  await recordAudit(trx, deps, actor, {
    action: 'shop.redeem',
    targetType: 'shop_redemption',
    targetId: redemptionId,
    communityId: resident.community_id,
    onBehalfResidentId: resident.id,
    summary: `${resident.name} 兑换 ${summary}，共 ${pointsSpent} 积分`,
  });
  return { id: redemptionId, pointsSpent, balanceAfter: entry.balanceAfter };
}

export async function getReceipt({ deps, actor, redemptionId }: { deps: AppDeps; actor: Actor; redemptionId: number }) {
  const redemption = await repo.findRedemption(deps.db, redemptionId);
  if (!redemption) throw new AppError('NOT_FOUND');
  if (!canReadReceipt(actor, redemption)) throw new AppError('FORBIDDEN');
  return { redemption, lines: await repo.linesOf(deps.db, redemptionId) };
}

export function donorBoard({ deps, communityId }: { deps: AppDeps; communityId: number }) {
  return repo.donorBoard(deps.db, communityId);
}

// Exports (导出) ---------------------------------------------------------------------------------

type MovementSheetRow = Awaited<ReturnType<typeof repo.listMovements>>[number] & { kind_label: string };

const MOVEMENT_COLUMNS: XlsxColumn<MovementSheetRow>[] = [
  { header: '时间', key: 'created_at', width: 18, kind: 'datetime' },
  { header: '类型', key: 'kind_label', width: 10, kind: 'text' },
  { header: '数量', key: 'delta', width: 8, kind: 'points' },
  { header: '结存', key: 'stock_after', width: 8, kind: 'integer' },
  { header: '原因', key: 'reason', width: 30, kind: 'text' },
  { header: '经办人', key: 'actor_name', width: 10, kind: 'text' },
];

/** An item's 库存流水 as Excel, every movement (the page shows the latest 200), to whoever runs that shop. */
export async function exportStockMovements({ deps, actor, itemId }: { deps: AppDeps; actor: Actor; itemId: number }) {
  const item = await repo.findItem(deps.db, itemId);
  if (!item) throw new AppError('NOT_FOUND');
  if (!canRunShopIn(actor, item.community_id)) throw new AppError('FORBIDDEN');
  const rows = async function* () {
    for await (const m of repo.movementsForExport(deps.db, itemId))
      yield { ...m, kind_label: STOCK_MOVEMENT_LABELS[m.kind] };
  };
  return {
    filename: `库存流水-${item.name}-${countyDateOf(deps.clock.now())}`,
    sheetName: '库存流水',
    columns: MOVEMENT_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      {
        what: '库存流水',
        filters: { 物品: item.name },
        targetType: 'shop_item',
        targetId: item.id,
        communityId: item.community_id,
      },
      rows(),
    ),
  } satisfies XlsxSheet<MovementSheetRow>;
}
