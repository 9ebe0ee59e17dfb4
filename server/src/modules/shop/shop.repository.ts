import { sql } from 'kysely';
import { withinMonthlyLimit } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';
import { keysetRows } from '../../platform/keyset.js';

const ITEM_COLUMNS = [
  'id',
  'community_id',
  'name',
  'points_price',
  'stock',
  'status',
  'monthly_limit',
  'description',
  'low_stock_threshold',
  'created_at',
] as const;

export function findItem(db: Db | Trx, id: number) {
  return db.selectFrom('shop_items').select(ITEM_COLUMNS).where('id', '=', id).executeTakeFirst();
}
export type ItemRow = NonNullable<Awaited<ReturnType<typeof findItem>>>;

export function listItems(
  db: Db,
  filter: {
    communityIds: number[] | 'all';
    communityId?: number;
    activeOnly?: boolean;
    /** a page: the items after this (community, price, id) position, in the list's order */
    page?: { limit: number; after: [number, number, number] | null };
  },
) {
  let q = db
    .selectFrom('shop_items')
    .select(ITEM_COLUMNS)
    .orderBy('community_id')
    .orderBy('points_price')
    .orderBy('id');
  if (filter.communityIds !== 'all')
    q = q.where('community_id', 'in', filter.communityIds.length ? filter.communityIds : [-1]);
  if (filter.communityId) q = q.where('community_id', '=', filter.communityId);
  if (filter.activeOnly) q = q.where('status', '=', 'active');
  if (filter.page) {
    const after = filter.page.after;
    if (after)
      q = q.where((eb) =>
        eb(eb.refTuple('community_id', 'points_price', 'id'), '>', eb.tuple(after[0], after[1], after[2])),
      );
    q = q.limit(filter.page.limit);
  }
  return q.execute();
}

export async function insertItem(
  trx: Trx,
  i: {
    communityId: number;
    name: string;
    pointsPrice: number;
    monthlyLimit: number | null;
    description: string | null;
    at: string;
  },
) {
  const row = await trx
    .insertInto('shop_items')
    .values({
      community_id: i.communityId,
      name: i.name,
      points_price: i.pointsPrice,
      monthly_limit: i.monthlyLimit,
      description: i.description,
      created_at: i.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateItem(
  trx: Trx,
  id: number,
  changes: {
    name?: string;
    points_price?: number;
    monthly_limit?: number | null;
    description?: string | null;
    status?: 'active' | 'paused';
  },
) {
  if (!Object.keys(changes).length) return;
  await trx.updateTable('shop_items').set(changes).where('id', '=', id).execute();
}

/** Donors per item (merchants by name, private donors by the name given), for the shelf and the shop page. */
export function donorsOf(db: Db | Trx, itemIds: number[]) {
  if (!itemIds.length) return Promise.resolve([]);
  return db
    .selectFrom('shop_donations')
    .leftJoin('merchants', 'merchants.id', 'shop_donations.merchant_id')
    .select([
      'shop_donations.item_id',
      'shop_donations.merchant_id',
      sql<string>`coalesce(${sql.ref('merchants.name')}, ${sql.ref('shop_donations.donor_name')})`.as('name'),
    ])
    .where('shop_donations.item_id', 'in', itemIds)
    .where('shop_donations.source', '=', 'donation')
    .groupBy(['shop_donations.item_id', 'shop_donations.merchant_id', 'merchants.name', 'shop_donations.donor_name'])
    .orderBy('shop_donations.item_id')
    .execute();
}

// Stock ------------------------------------------------------------------------------------------

/** Adds stock; returns the stock after. */
export async function addStock(trx: Trx, itemId: number, quantity: number): Promise<number> {
  const row = await trx
    .updateTable('shop_items')
    .set((eb) => ({ stock: eb('stock', '+', quantity) }))
    .where('id', '=', itemId)
    .returning('stock')
    .executeTakeFirstOrThrow();
  return row.stock;
}

/**
 * Takes stock in one conditional UPDATE (`stock >= quantity`, item active): two counters
 * cannot both take the last unit. On PostgreSQL it also locks the item row until commit, so
 * the lot allocation that follows sees the lots as this transaction left them.
 * Returns the stock after, or null when there is not enough (or the item is paused).
 */
export async function takeStock(
  trx: Trx,
  itemId: number,
  quantity: number,
  options: { requireActive: boolean },
): Promise<number | null> {
  let q = trx
    .updateTable('shop_items')
    .set((eb) => ({ stock: eb('stock', '-', quantity) }))
    .where('id', '=', itemId)
    .where('stock', '>=', quantity);
  if (options.requireActive) q = q.where('status', '=', 'active');
  const row = await q.returning('stock').executeTakeFirst();
  return row ? row.stock : null;
}

export async function insertDonation(
  trx: Trx,
  d: {
    itemId: number;
    communityId: number;
    merchantId: number | null;
    donorName: string | null;
    quantity: number;
    donatedOn: string;
    estimatedValueFen: number | null;
    note: string | null;
    recordedBy: number;
    at: string;
    source?: 'donation' | 'adjustment';
  },
) {
  const row = await trx
    .insertInto('shop_donations')
    .values({
      item_id: d.itemId,
      community_id: d.communityId,
      merchant_id: d.merchantId,
      donor_name: d.donorName,
      quantity: d.quantity,
      remaining: d.quantity,
      donated_on: d.donatedOn,
      estimated_value_fen: d.estimatedValueFen,
      note: d.note,
      recorded_by: d.recordedBy,
      created_at: d.at,
      source: d.source ?? 'donation',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes `quantity` units from the item's donation lots, oldest first, and returns which lots
 * gave how many: every unit that leaves the shelf is traced to its donor. Runs after
 * `takeStock` in the same transaction (the item row is locked), and each lot update is still
 * conditional, so a lot can never go below zero.
 */
export async function allocateFromLots(
  trx: Trx,
  itemId: number,
  quantity: number,
): Promise<{ donationId: number; quantity: number }[]> {
  const lots = await trx
    .selectFrom('shop_donations')
    .select(['id', 'remaining'])
    .where('item_id', '=', itemId)
    .where('remaining', '>', 0)
    .orderBy('id')
    .execute();
  const taken: { donationId: number; quantity: number }[] = [];
  let needed = quantity;
  for (const lot of lots) {
    if (needed === 0) break;
    const take = Math.min(lot.remaining, needed);
    const result = await trx
      .updateTable('shop_donations')
      .set((eb) => ({ remaining: eb('remaining', '-', take) }))
      .where('id', '=', lot.id)
      .where('remaining', '>=', take)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new Error(`lot ${lot.id} changed under a locked item`);
    taken.push({ donationId: lot.id, quantity: take });
    needed -= take;
  }
  if (needed !== 0) throw new Error(`item ${itemId}: stock and lots disagree by ${needed}`);
  return taken;
}

export async function insertMovement(
  trx: Trx,
  m: {
    itemId: number;
    communityId: number;
    delta: number;
    stockAfter: number;
    kind: 'donation' | 'redemption' | 'adjustment';
    refType: string | null;
    refId: string | null;
    reason: string | null;
    actorUserId: number | null;
    at: string;
  },
) {
  await trx
    .insertInto('stock_movements')
    .values({
      item_id: m.itemId,
      community_id: m.communityId,
      delta: m.delta,
      stock_after: m.stockAfter,
      kind: m.kind,
      ref_type: m.refType,
      ref_id: m.refId,
      reason: m.reason,
      actor_user_id: m.actorUserId,
      created_at: m.at,
    })
    .execute();
}

function movements(db: Db) {
  return db
    .selectFrom('stock_movements')
    .leftJoin('users', 'users.id', 'stock_movements.actor_user_id')
    .select([
      'stock_movements.id',
      'stock_movements.delta',
      'stock_movements.stock_after',
      'stock_movements.kind',
      'stock_movements.ref_type',
      'stock_movements.ref_id',
      'stock_movements.reason',
      'stock_movements.created_at',
      'users.name as actor_name',
    ]);
}

export function listMovements(db: Db, itemId: number) {
  return movements(db)
    .where('stock_movements.item_id', '=', itemId)
    .orderBy('stock_movements.id', 'desc')
    .limit(200)
    .execute();
}

/** Every movement of an item, oldest first, for the export (the page shows the latest 200). */
export function movementsForExport(db: Db, itemId: number) {
  return keysetRows((afterId, limit) =>
    movements(db)
      .where('stock_movements.item_id', '=', itemId)
      .where('stock_movements.id', '>', afterId)
      .orderBy('stock_movements.id')
      .limit(limit)
      .execute(),
  );
}

/**
 * Counts `quantity` more units against an item's monthly limit for one resident, only while they
 * stay within it — one conditional upsert, so two counters cannot both pass the limit. Returns
 * false when the units would go past it.
 */
export async function takeLimitUnits(
  trx: Trx,
  k: { residentId: number; itemId: number; month: string; quantity: number; limit: number },
): Promise<boolean> {
  if (!withinMonthlyLimit(k.limit, 0, k.quantity)) return false;
  const result = await trx
    .insertInto('shop_limit_usage')
    .values({ resident_id: k.residentId, item_id: k.itemId, month: k.month, count: k.quantity })
    .onConflict((oc) =>
      oc
        .columns(['resident_id', 'item_id', 'month'])
        .doUpdateSet({ count: (eb) => eb('shop_limit_usage.count', '+', k.quantity) })
        .where('shop_limit_usage.count', '<=', k.limit - k.quantity),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

// Redemptions ------------------------------------------------------------------------------------

export async function insertRedemption(
  trx: Trx,
  r: { communityId: number; residentId: number; pointsSpent: number; actorUserId: number | null; at: string },
) {
  const row = await trx
    .insertInto('shop_redemptions')
    .values({
      community_id: r.communityId,
      resident_id: r.residentId,
      points_spent: r.pointsSpent,
      actor_user_id: r.actorUserId,
      created_at: r.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function linkRedemptionEntry(trx: Trx, redemptionId: number, ledgerEntryId: number) {
  await trx
    .updateTable('shop_redemptions')
    .set({ ledger_entry_id: ledgerEntryId })
    .where('id', '=', redemptionId)
    .execute();
}

export async function insertRedemptionLine(
  trx: Trx,
  l: { redemptionId: number; itemId: number; itemName: string; quantity: number; pointsPrice: number },
) {
  const row = await trx
    .insertInto('shop_redemption_lines')
    .values({
      redemption_id: l.redemptionId,
      item_id: l.itemId,
      item_name: l.itemName,
      quantity: l.quantity,
      points_price: l.pointsPrice,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRedemptionLots(trx: Trx, lineId: number, lots: { donationId: number; quantity: number }[]) {
  if (!lots.length) return;
  await trx
    .insertInto('shop_redemption_lots')
    .values(lots.map((l) => ({ line_id: lineId, donation_id: l.donationId, quantity: l.quantity })))
    .execute();
}

export function findRedemption(db: Db | Trx, id: number) {
  return db
    .selectFrom('shop_redemptions')
    .innerJoin('residents', 'residents.id', 'shop_redemptions.resident_id')
    .innerJoin('communities', 'communities.id', 'shop_redemptions.community_id')
    .leftJoin('points_ledger', 'points_ledger.id', 'shop_redemptions.ledger_entry_id')
    .leftJoin('users', 'users.id', 'shop_redemptions.actor_user_id')
    .select([
      'shop_redemptions.id',
      'shop_redemptions.community_id',
      'communities.name as community_name',
      'shop_redemptions.resident_id',
      'residents.name as resident_name',
      'residents.member_code',
      'shop_redemptions.points_spent',
      'points_ledger.balance_after',
      'shop_redemptions.created_at',
      'users.name as actor_name',
    ])
    .where('shop_redemptions.id', '=', id)
    .executeTakeFirst();
}

export function linesOf(db: Db | Trx, redemptionId: number) {
  return db
    .selectFrom('shop_redemption_lines')
    .select(['id', 'item_id', 'item_name', 'quantity', 'points_price'])
    .where('redemption_id', '=', redemptionId)
    .orderBy('id')
    .execute();
}

export function listRedemptionsOfResident(db: Db, residentId: number) {
  return db
    .selectFrom('shop_redemptions')
    .select(['id', 'points_spent', 'created_at'])
    .where('resident_id', '=', residentId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

/** The public thank-you list (爱心榜): donors of a community by units given. */
export function donorBoard(db: Db, communityId: number) {
  return db
    .selectFrom('shop_donations')
    .leftJoin('merchants', 'merchants.id', 'shop_donations.merchant_id')
    .select([
      'shop_donations.merchant_id',
      sql<string>`coalesce(${sql.ref('merchants.name')}, ${sql.ref('shop_donations.donor_name')})`.as('name'),
      'merchants.party_alliance',
      (eb) => eb.fn.count<number>('shop_donations.id').as('donations'),
      (eb) => eb.fn.sum<number>('shop_donations.quantity').as('units'),
      (eb) => eb.fn.max('shop_donations.donated_on').as('last_donated_on'),
    ])
    .where('shop_donations.community_id', '=', communityId)
    .where('shop_donations.source', '=', 'donation')
    .groupBy(['shop_donations.merchant_id', 'merchants.name', 'shop_donations.donor_name', 'merchants.party_alliance'])
    .orderBy('units', 'desc')
    .execute();
}

/** How many items the shops list, in every community (开通向导). */
export async function countItems(db: Db): Promise<number> {
  const row = await db
    .selectFrom('shop_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
