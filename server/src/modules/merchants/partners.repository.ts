import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/deps.js';
import { keysetRows } from '../../platform/keyset.js';

/** Contributions, ratings and requests: the merchants-as-partners side of the merchants module. */
function contributions(db: Db | Trx) {
  return db
    .selectFrom('merchant_contributions as c')
    .leftJoin('activities', 'activities.id', 'c.activity_id')
    .select([
      'c.id',
      'c.merchant_id',
      'c.kind',
      'c.ref_type',
      'c.ref_id',
      'c.description',
      'c.quality',
      'c.occurred_at',
      'c.activity_id',
      'activities.title as activity_title',
      'c.confirmed_at',
      'c.created_at',
    ]);
}

export function contributionsOf(db: Db | Trx, merchantId: number, limit = 200) {
  return contributions(db)
    .where('c.merchant_id', '=', merchantId)
    .orderBy('c.occurred_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}
export type ContributionRow = Awaited<ReturnType<typeof contributionsOf>>[number];

/** Every contribution of a merchant, oldest first, for the export (the page shows the latest 200). */
export function contributionsForExport(db: Db, merchantId: number) {
  return keysetRows((afterId, limit) =>
    contributions(db)
      .where('c.merchant_id', '=', merchantId)
      .where('c.id', '>', afterId)
      .orderBy('c.id')
      .limit(limit)
      .execute(),
  );
}

/**
 * What the stars are computed from, per merchant in one grouped query: how many quality-marked
 * contributions fell in the period (`from` exclusive, `to` inclusive, as `rateMerchant` counts) and
 * the sum of their marks. Merchants with none are absent. `'all'` rates every merchant of the county
 * (the monthly re-rating) without sending their ids.
 */
export async function ratingTotals(
  db: Db | Trx,
  merchantIds: number[] | 'all',
  period: { from: string; to: string },
): Promise<Map<number, { count: number; qualitySum: number }>> {
  if (merchantIds !== 'all' && !merchantIds.length) return new Map();
  let q = db
    .selectFrom('merchant_contributions')
    .select((eb) => [
      'merchant_id',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.sum<number | string>('quality').as('quality_sum'),
    ])
    .where('occurred_at', '>', period.from)
    .where('occurred_at', '<=', period.to)
    .where('quality', 'is not', null)
    .groupBy('merchant_id');
  if (merchantIds !== 'all') q = q.where('merchant_id', 'in', merchantIds);
  // PostgreSQL answers count and sum as strings.
  return new Map(
    (await q.execute()).map((r) => [r.merchant_id, { count: Number(r.n), qualitySum: Number(r.quality_sum) }]),
  );
}

export function contributionCounts(db: Db, merchantIds: number[]) {
  if (!merchantIds.length) return Promise.resolve([]);
  return db
    .selectFrom('merchant_contributions')
    .select(['merchant_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('merchant_id', 'in', merchantIds)
    .groupBy(['merchant_id', 'kind'])
    .execute();
}

/**
 * The latest published activities each merchant supported, at most `perMerchant` each, newest first:
 * the wall shows five and the public page ten, so the county's wall no longer carries every
 * contribution of every merchant back to be cut down in JavaScript.
 */
export function supportedActivities(db: Db, merchantIds: number[], perMerchant: number) {
  if (!merchantIds.length) return Promise.resolve([]);
  const ranked = db
    .selectFrom('merchant_contributions')
    .innerJoin('activities', 'activities.id', 'merchant_contributions.activity_id')
    .select((eb) => [
      'merchant_contributions.merchant_id',
      'activities.id',
      'activities.title',
      'activities.starts_at',
      eb.fn
        .agg<number>('row_number')
        .over((over) =>
          over
            .partitionBy('merchant_contributions.merchant_id')
            .orderBy('activities.starts_at', 'desc')
            .orderBy('activities.id', 'desc'),
        )
        .as('nth'),
    ])
    .where('merchant_contributions.merchant_id', 'in', merchantIds)
    .where('activities.published_at', 'is not', null);
  return db
    .selectFrom(ranked.as('ranked'))
    .select(['ranked.merchant_id', 'ranked.id', 'ranked.title', 'ranked.starts_at'])
    .where('ranked.nth', '<=', perMerchant)
    .orderBy('ranked.starts_at', 'desc')
    .orderBy('ranked.id', 'desc')
    .execute();
}

export function findContribution(db: Db | Trx, id: number) {
  return db.selectFrom('merchant_contributions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function confirmContribution(trx: Trx, id: number, quality: number, by: number, at: string) {
  await trx
    .updateTable('merchant_contributions')
    .set({ quality, confirmed_by: by, confirmed_at: at })
    .where('id', '=', id)
    .execute();
}

/** Rows per INSERT: 7 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
const RATINGS_PER_STATEMENT = 500;

/** Keeps the month's rating of each merchant, a few hundred per statement; a month already kept stays as it was. */
export async function upsertRatings(
  trx: Trx,
  ratings: {
    merchantId: number;
    month: string;
    stars: number;
    contributions: number;
    averageQuality: number | null;
    explanation: string;
    at: string;
  }[],
) {
  for (let start = 0; start < ratings.length; start += RATINGS_PER_STATEMENT) {
    await trx
      .insertInto('merchant_ratings')
      .values(
        ratings.slice(start, start + RATINGS_PER_STATEMENT).map((r) => ({
          merchant_id: r.merchantId,
          month: r.month,
          stars: r.stars,
          contributions: r.contributions,
          average_quality: r.averageQuality,
          explanation: r.explanation,
          rated_at: r.at,
        })),
      )
      .onConflict((oc) => oc.columns(['merchant_id', 'month']).doNothing())
      .execute();
  }
}

export function ratingHistory(db: Db, merchantId: number) {
  return db
    .selectFrom('merchant_ratings')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('month', 'desc')
    .limit(24)
    .execute();
}

export function activitySponsors(db: Db | Trx, activityIds: number[]) {
  if (!activityIds.length) return Promise.resolve([]);
  return db
    .selectFrom('merchant_contributions')
    .innerJoin('merchants', 'merchants.id', 'merchant_contributions.merchant_id')
    .select([
      'merchant_contributions.activity_id',
      'merchants.id',
      'merchants.name',
      'merchants.party_alliance',
      'merchant_contributions.kind',
      'merchant_contributions.description',
    ])
    .where('merchant_contributions.activity_id', 'in', activityIds)
    .execute();
}

// Requests --------------------------------------------------------------------------------------

export async function insertRequest(
  trx: Trx,
  r: { merchantId: number; communityId: number; title: string; description: string; raisedBy: number; at: string },
) {
  const row = await trx
    .insertInto('merchant_requests')
    .values({
      merchant_id: r.merchantId,
      community_id: r.communityId,
      title: r.title,
      description: r.description,
      status: 'open',
      raised_by: r.raisedBy,
      created_at: r.at,
      updated_at: r.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findRequest(db: Db | Trx, id: number) {
  return db
    .selectFrom('merchant_requests')
    .innerJoin('merchants', 'merchants.id', 'merchant_requests.merchant_id')
    .selectAll('merchant_requests')
    .select('merchants.name as merchant_name')
    .where('merchant_requests.id', '=', id)
    .executeTakeFirst();
}
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

export function listRequests(
  db: Db,
  filter: { merchantId?: number; communityIds?: number[] | 'all'; status?: string },
) {
  let q = db
    .selectFrom('merchant_requests')
    .innerJoin('merchants', 'merchants.id', 'merchant_requests.merchant_id')
    .selectAll('merchant_requests')
    .select('merchants.name as merchant_name')
    .orderBy(sql`case when ${sql.ref('merchant_requests.status')} = 'resolved' then 1 else 0 end`)
    .orderBy('merchant_requests.created_at');
  if (filter.merchantId) q = q.where('merchant_requests.merchant_id', '=', filter.merchantId);
  if (filter.communityIds && filter.communityIds !== 'all')
    q = q.where('merchant_requests.community_id', 'in', filter.communityIds.length ? filter.communityIds : [-1]);
  if (filter.status) q = q.where('merchant_requests.status', '=', filter.status as 'open');
  return q.execute();
}

/** Moves a request only forward from the states given; the condition makes double clicks harmless. */
export async function moveRequest(
  trx: Trx,
  id: number,
  from: ('open' | 'in_progress')[],
  to: 'in_progress' | 'resolved',
  changes: { response?: string | null; handledBy: number; at: string },
) {
  const result = await trx
    .updateTable('merchant_requests')
    .set({
      status: to,
      ...(changes.response !== undefined ? { response: changes.response } : {}),
      handled_by: changes.handledBy,
      updated_at: changes.at,
      ...(to === 'resolved' ? { resolved_at: changes.at } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
