import type { Db, Trx } from '../../platform/deps.js';
import { keysetPages } from '../../platform/keyset.js';

export function findOffer(db: Db | Trx, id: number) {
  return db
    .selectFrom('voucher_offers')
    .innerJoin('merchants', 'merchants.id', 'voucher_offers.merchant_id')
    .selectAll('voucher_offers')
    .select(['merchants.name as merchant_name'])
    .where('voucher_offers.id', '=', id)
    .executeTakeFirst();
}
export type OfferRow = NonNullable<Awaited<ReturnType<typeof findOffer>>>;

export function listOffers(db: Db, filter: { communityId?: number; merchantId?: number; liveAt?: string }) {
  let q = db
    .selectFrom('voucher_offers')
    .innerJoin('merchants', 'merchants.id', 'voucher_offers.merchant_id')
    .selectAll('voucher_offers')
    .select(['merchants.name as merchant_name'])
    .orderBy('voucher_offers.id', 'desc');
  if (filter.communityId) q = q.where('voucher_offers.community_id', '=', filter.communityId);
  if (filter.merchantId) q = q.where('voucher_offers.merchant_id', '=', filter.merchantId);
  if (filter.liveAt)
    q = q.where('voucher_offers.status', '=', 'active').where('voucher_offers.valid_until', '>', filter.liveAt);
  return q.execute();
}

export async function insertOffer(
  trx: Trx,
  o: {
    merchantId: number;
    communityId: number;
    title: string;
    faceValueFen: number;
    pointsCost: number;
    quantity: number;
    validUntil: string;
    perResidentLimit: number;
    createdBy: number;
    at: string;
  },
) {
  const row = await trx
    .insertInto('voucher_offers')
    .values({
      merchant_id: o.merchantId,
      community_id: o.communityId,
      title: o.title,
      face_value_fen: o.faceValueFen,
      points_cost: o.pointsCost,
      quantity: o.quantity,
      valid_until: o.validUntil,
      per_resident_limit: o.perResidentLimit,
      created_by: o.createdBy,
      created_at: o.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One more claim only while some remain and the offer is live: the conditional UPDATE is the guarantee. */
export async function takeFromOffer(trx: Trx, offerId: number, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('voucher_offers')
    .set((eb) => ({ claimed: eb('claimed', '+', 1) }))
    .where('id', '=', offerId)
    .where('status', '=', 'active')
    .where('valid_until', '>', now)
    .whereRef('claimed', '<', 'quantity')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Counts one more claim against an offer's limit per resident, only while below it (conditional upsert). */
export async function takeLimitClaim(
  trx: Trx,
  k: { offerId: number; residentId: number; limit: number },
): Promise<boolean> {
  const result = await trx
    .insertInto('voucher_limit_usage')
    .values({ offer_id: k.offerId, resident_id: k.residentId, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['offer_id', 'resident_id'])
        .doUpdateSet({ count: (eb) => eb('voucher_limit_usage.count', '+', 1) })
        .where('voucher_limit_usage.count', '<', k.limit),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function insertVoucher(
  trx: Trx,
  v: { offerId: number; merchantId: number; residentId: number; code: string; at: string; expiresAt: string },
) {
  const row = await trx
    .insertInto('vouchers')
    .values({
      offer_id: v.offerId,
      merchant_id: v.merchantId,
      resident_id: v.residentId,
      code: v.code,
      claimed_at: v.at,
      expires_at: v.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function linkVoucherEntry(trx: Trx, voucherId: number, ledgerEntryId: number) {
  await trx.updateTable('vouchers').set({ ledger_entry_id: ledgerEntryId }).where('id', '=', voucherId).execute();
}

export function findVoucherByCode(db: Db | Trx, code: string) {
  return db
    .selectFrom('vouchers')
    .innerJoin('voucher_offers', 'voucher_offers.id', 'vouchers.offer_id')
    .innerJoin('residents', 'residents.id', 'vouchers.resident_id')
    .selectAll('vouchers')
    .select(['voucher_offers.title', 'voucher_offers.face_value_fen', 'residents.name as resident_name'])
    .where('vouchers.code', '=', code)
    .executeTakeFirst();
}

/** issued → redeemed exactly once: the status condition makes the second honour a no-op. */
export async function markRedeemed(trx: Trx, id: number, by: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('vouchers')
    .set({ status: 'redeemed', redeemed_at: at, redeemed_by: by })
    .where('id', '=', id)
    .where('status', '=', 'issued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function vouchersOfResident(db: Db, residentId: number) {
  return db
    .selectFrom('vouchers')
    .innerJoin('voucher_offers', 'voucher_offers.id', 'vouchers.offer_id')
    .innerJoin('merchants', 'merchants.id', 'vouchers.merchant_id')
    .select([
      'vouchers.id',
      'vouchers.code',
      'vouchers.status',
      'vouchers.claimed_at',
      'vouchers.expires_at',
      'vouchers.redeemed_at',
      'voucher_offers.title',
      'voucher_offers.face_value_fen',
      'merchants.id as merchant_id',
      'merchants.name as merchant_name',
      'merchants.address as merchant_address',
    ])
    .where('vouchers.resident_id', '=', residentId)
    .orderBy('vouchers.id', 'desc')
    .execute();
}

function statementRows(db: Db, merchantId: number) {
  return db
    .selectFrom('vouchers')
    .innerJoin('voucher_offers', 'voucher_offers.id', 'vouchers.offer_id')
    .innerJoin('residents', 'residents.id', 'vouchers.resident_id')
    .select([
      'vouchers.id',
      'vouchers.code',
      'vouchers.redeemed_at',
      'voucher_offers.title',
      'voucher_offers.face_value_fen',
      'residents.name as resident_name',
    ])
    .where('vouchers.merchant_id', '=', merchantId)
    .where('vouchers.status', '=', 'redeemed');
}

export function redeemedInMonth(db: Db, merchantId: number, from: string, to: string) {
  return statementRows(db, merchantId)
    .where('vouchers.redeemed_at', '>=', from)
    .where('vouchers.redeemed_at', '<', to)
    .orderBy('vouchers.redeemed_at')
    .execute();
}

/** The same statement for the export, in keyset pages on (redeemed_at, id). */
export function redeemedInMonthForExport(db: Db, merchantId: number, from: string, to: string) {
  type Row = Awaited<ReturnType<typeof redeemedInMonth>>[number];
  return keysetPages<Row>((after, limit) => {
    let q = statementRows(db, merchantId).where('vouchers.redeemed_at', '<', to);
    q = after
      ? q.where((eb) =>
          eb.or([
            eb('vouchers.redeemed_at', '>', after.redeemed_at!),
            eb.and([eb('vouchers.redeemed_at', '=', after.redeemed_at!), eb('vouchers.id', '>', after.id)]),
          ]),
        )
      : q.where('vouchers.redeemed_at', '>=', from);
    return q.orderBy('vouchers.redeemed_at').orderBy('vouchers.id').limit(limit).execute();
  });
}
