import { sql } from 'kysely';
import type { Db } from '../../platform/deps.js';

/**
 * The stats read model: queries over other modules' tables, never a write. Each function answers
 * one figure for one scope, so the bench (and `stats.explain.test.ts`) can run them one by one.
 * Instants are compared as ISO strings (timestamptz on PostgreSQL); dates as 'YYYY-MM-DD'.
 */
export interface StatsScope {
  /** county dates, inclusive */
  from: string;
  to: string;
  /** [fromInstant, toInstant): midnight of `from` to midnight after `to`, county time */
  fromInstant: string;
  toInstant: string;
  /** null: the whole county */
  communityId: number | null;
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * The activity's community and week as grouping keys that no index matches (`+ 0`, `|| ''`): grouped
 * by a bare column, SQLite — planning without statistics — walks the whole table in that index's order
 * to skip a sort, instead of reading the period through `activities_starts`.
 */
const activityCommunity = sql<number>`a.community_id + 0`;
const activityWeek = sql<string>`a.week || ''`;

/**
 * Activities starting in the period (published ones, or also those cancelled), in the scope, each
 * with its check-ins joined: the base of every activity figure.
 */
function activitiesWithCheckins(db: Db, s: StatsScope, statuses: ('published' | 'cancelled')[] = ['published']) {
  const q = db
    .selectFrom('activities as a')
    .leftJoin('checkins as c', 'c.activity_id', 'a.id')
    .where('a.starts_at', '>=', s.fromInstant)
    .where('a.starts_at', '<', s.toInstant)
    .where('a.status', 'in', statuses);
  return s.communityId == null ? q : q.where('a.community_id', '=', s.communityId);
}

/** Activities that start in the period, by category and status (published or cancelled), with check-ins. */
export async function activitiesByCategory(db: Db, s: StatsScope) {
  const q = activitiesWithCheckins(db, s, ['published', 'cancelled'])
    .select((eb) => [
      'a.category',
      'a.status',
      eb.fn.count('a.id').distinct().as('activities'),
      eb.fn.count('c.id').as('checkins'),
    ])
    .groupBy(['a.category', 'a.status']);
  const rows = await q.execute();
  return rows.map((r) => ({
    category: r.category,
    status: r.status,
    activities: n(r.activities),
    checkins: n(r.checkins),
  }));
}

/**
 * The people reached: everyone who checked in at a published activity starting in the period or was
 * served at a service session dated in it, once each, with the community where it happened.
 */
function reachedSql(s: StatsScope) {
  const activityScope = s.communityId == null ? sql`` : sql`and a.community_id = ${s.communityId}`;
  const serviceScope = s.communityId == null ? sql`` : sql`and sv.community_id = ${s.communityId}`;
  return sql`
    select c.resident_id as resident_id, a.community_id as community_id
      from activities a join checkins c on c.activity_id = a.id
     where a.starts_at >= ${s.fromInstant} and a.starts_at < ${s.toInstant} and a.status = 'published' ${activityScope}
    union
    select b.resident_id as resident_id, sv.community_id as community_id
      from service_sessions ss
      join services sv on sv.id = ss.service_id
      join bookings b on b.session_id = ss.id
     where ss.date >= ${s.from} and ss.date <= ${s.to} and b.state = 'served' ${serviceScope}`;
}

/** Born on or before this date ⇔ at least `years` old on `on` (the same reading as `ageOn`). */
const bornBy = (on: string, years: number) =>
  `${String(Number(on.slice(0, 4)) - years).padStart(4, '0')}${on.slice(4)}`;

/** Distinct residents reached, by age band on the period's last day. */
export async function reachedByAgeBand(db: Db, s: StatsScope) {
  const { rows } = await sql<{ band: string; residents: unknown }>`
    select case
             when r.birth_date is null then 'unknown'
             when r.birth_date <= ${bornBy(s.to, 80)} then '80+'
             when r.birth_date <= ${bornBy(s.to, 70)} then '70-79'
             when r.birth_date <= ${bornBy(s.to, 60)} then '60-69'
             else 'under60'
           end as band,
           count(*) as residents
      from (select distinct resident_id from (${reachedSql(s)}) reached_rows) reached
      join residents r on r.id = reached.resident_id
     group by 1`.execute(db);
  return rows.map((r) => ({ band: r.band, residents: n(r.residents) }));
}

/** Distinct residents reached per community (a person reached in two communities counts in each). */
export async function reachedByCommunity(db: Db, s: StatsScope) {
  const { rows } = await sql<{ community_id: unknown; residents: unknown }>`
    select community_id, count(distinct resident_id) as residents
      from (${reachedSql(s)}) reached
     group by community_id`.execute(db);
  return rows.map((r) => ({ communityId: n(r.community_id), residents: n(r.residents) }));
}

/** Check-ins and activities held (published, starting in the period) per community. */
export async function activitiesPerCommunity(db: Db, s: StatsScope) {
  const q = activitiesWithCheckins(db, s)
    .select((eb) => [
      activityCommunity.as('community_id'),
      eb.fn.count('a.id').distinct().as('held'),
      eb.fn.count('c.id').as('checkins'),
    ])
    .groupBy(activityCommunity);
  return (await q.execute()).map((r) => ({ communityId: n(r.community_id), held: n(r.held), checkins: n(r.checkins) }));
}

/** Needs raised in the period. */
export async function needsRaised(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('needs')
    .where('created_at', '>=', s.fromInstant)
    .where('created_at', '<', s.toInstant)
    .select((eb) => eb.fn.countAll().as('n'));
  if (s.communityId != null) q = q.where('community_id', '=', s.communityId);
  return n((await q.executeTakeFirst())?.n);
}

/**
 * Needs answered in the period: distinct needs named by a published activity starting in it, counted
 * for the activity's community (a community's activities answer its own residents' needs).
 */
export async function needsAnswered(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('activities as a')
    .innerJoin('activity_needs as an', 'an.activity_id', 'a.id')
    .where('a.starts_at', '>=', s.fromInstant)
    .where('a.starts_at', '<', s.toInstant)
    .where('a.status', '=', 'published')
    .select((eb) => eb.fn.count('an.need_id').distinct().as('n'));
  if (s.communityId != null) q = q.where('a.community_id', '=', s.communityId);
  return n((await q.executeTakeFirst())?.n);
}

/**
 * Points issued (awards and credited adjustments) and spent (shop redemptions and vouchers) per
 * community. Reversals are corrections, counted in neither.
 */
export async function pointsPerCommunity(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('points_ledger')
    .where('created_at', '>=', s.fromInstant)
    .where('created_at', '<', s.toInstant)
    .where('kind', 'in', ['award', 'adjustment', 'redemption', 'voucher'])
    .select((eb) => [
      'community_id',
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('kind', 'in', ['award', 'adjustment']), eb('delta', '>', 0)]))
            .then(eb.ref('delta'))
            .else(0)
            .end(),
        )
        .as('issued'),
      eb.fn
        .sum<number>(eb.case().when('kind', 'in', ['redemption', 'voucher']).then(eb.ref('delta')).else(0).end())
        .as('spent'),
    ])
    .groupBy('community_id');
  if (s.communityId != null) q = q.where('community_id', '=', s.communityId);
  return (await q.execute()).map((r) => ({
    communityId: n(r.community_id),
    issued: n(r.issued),
    redeemed: -n(r.spent),
  }));
}

/** Donations to the shop dated in the period, by donor (the merchant's name, else the donor's). */
export async function donationsByDonor(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('shop_donations as d')
    .leftJoin('merchants as m', 'm.id', 'd.merchant_id')
    .where('d.source', '=', 'donation')
    .where('d.donated_on', '>=', s.from)
    .where('d.donated_on', '<=', s.to)
    .select((eb) => [
      eb.fn.coalesce('m.name', 'd.donor_name').as('name'),
      eb.fn.max('d.merchant_id').as('merchant_id'),
      eb.fn.countAll().as('donations'),
      eb.fn.sum<number>('d.quantity').as('units'),
    ])
    // a merchant and a private person who share a name stay two donors
    .groupBy((eb) => [eb.fn.coalesce('m.name', 'd.donor_name'), sql`d.merchant_id is null`]);
  if (s.communityId != null) q = q.where('d.community_id', '=', s.communityId);
  return (await q.execute()).map((r) => ({
    name: r.name ?? '',
    merchant: r.merchant_id != null,
    donations: n(r.donations),
    units: n(r.units),
  }));
}

/** Service sessions dated in the period (not called off), per service, with people served and no-shows. */
export async function servicesDelivered(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('service_sessions as ss')
    .innerJoin('services as sv', 'sv.id', 'ss.service_id')
    .leftJoin('bookings as b', 'b.session_id', 'ss.id')
    .where('ss.date', '>=', s.from)
    .where('ss.date', '<=', s.to)
    .where('ss.status', '=', 'open')
    .select((eb) => [
      'sv.id as serviceId',
      'sv.name as serviceName',
      'sv.community_id as communityId',
      eb.fn.count('ss.id').distinct().as('sessions'),
      eb.fn.sum<number>(eb.case().when('b.state', '=', 'served').then(1).else(0).end()).as('served'),
      eb.fn.sum<number>(eb.case().when('b.state', '=', 'no_show').then(1).else(0).end()).as('noShow'),
    ])
    .groupBy(['sv.id', 'sv.name', 'sv.community_id'])
    .orderBy('sv.id');
  if (s.communityId != null) q = q.where('sv.community_id', '=', s.communityId);
  return (await q.execute()).map((r) => ({
    serviceId: n(r.serviceId),
    serviceName: r.serviceName,
    communityId: n(r.communityId),
    sessions: n(r.sessions),
    served: n(r.served),
    noShow: n(r.noShow),
  }));
}

/** Merchant contributions that occurred in the period, and how many merchants made them. */
export async function merchantContributions(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('merchant_contributions as mc')
    .innerJoin('merchants as m', 'm.id', 'mc.merchant_id')
    .where('mc.occurred_at', '>=', s.fromInstant)
    .where('mc.occurred_at', '<', s.toInstant)
    .select((eb) => [eb.fn.countAll().as('contributions'), eb.fn.count('mc.merchant_id').distinct().as('merchants')]);
  if (s.communityId != null) q = q.where('m.community_id', '=', s.communityId);
  const row = await q.executeTakeFirst();
  return { contributions: n(row?.contributions), participating: n(row?.merchants) };
}

/** The scope's name: its community's, or the center's for the county. */
export async function scopeName(db: Db, communityId: number | null) {
  if (communityId == null) {
    const center = await db.selectFrom('center').select('name').where('id', '=', 1).executeTakeFirst();
    return center?.name ?? '';
  }
  const community = await db.selectFrom('communities').select('name').where('id', '=', communityId).executeTakeFirst();
  return community?.name ?? null;
}

/** The communities a county-wide view compares: every one not archived, and any archived one with figures. */
export async function communitiesOf(db: Db, communityId: number | null) {
  let q = db.selectFrom('communities').select(['id', 'name', 'archived_at']).orderBy('id');
  if (communityId != null) q = q.where('id', '=', communityId);
  return q.execute();
}

/* ---------- the dashboard's further widgets ---------- */

/** Activities held and check-ins per community per menu week (the activity's county week). */
export async function weeklyActivities(db: Db, s: StatsScope) {
  const q = activitiesWithCheckins(db, s)
    .select((eb) => [
      activityWeek.as('week'),
      activityCommunity.as('community_id'),
      eb.fn.count('a.id').distinct().as('activities'),
      eb.fn.count('c.id').as('participants'),
    ])
    .groupBy([activityWeek, activityCommunity]);
  // Sorted here: an ORDER BY week would have the planner walk the whole table in week order.
  return (await q.execute())
    .map((r) => ({
      week: r.week,
      communityId: n(r.community_id),
      activities: n(r.activities),
      participants: n(r.participants),
    }))
    .sort((x, y) => x.week.localeCompare(y.week) || x.communityId - y.communityId);
}

/** Vouchers honoured (redeemed at the merchant) in the period; a community's are its offers'. */
export async function vouchersHonoured(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('vouchers as v')
    .innerJoin('voucher_offers as o', 'o.id', 'v.offer_id')
    .where('v.redeemed_at', '>=', s.fromInstant)
    .where('v.redeemed_at', '<', s.toInstant)
    .where('v.status', '=', 'redeemed')
    .select((eb) => eb.fn.countAll().as('n'));
  if (s.communityId != null) q = q.where('o.community_id', '=', s.communityId);
  return n((await q.executeTakeFirst())?.n);
}

/** The shop's shelves now: active items, units in stock, items at or under their low-stock mark. */
export async function shopStock(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('shop_items')
    .where('status', '=', 'active')
    .select((eb) => [
      eb.fn.countAll().as('items'),
      eb.fn.sum<number>('stock').as('stock'),
      eb.fn.sum<number>(eb.case().when('stock', '<=', eb.ref('low_stock_threshold')).then(1).else(0).end()).as('low'),
    ]);
  if (s.communityId != null) q = q.where('community_id', '=', s.communityId);
  const row = await q.executeTakeFirst();
  return { items: n(row?.items), stock: n(row?.stock), lowStock: n(row?.low) };
}

/** Rota coverage: sessions in the period of services that need volunteers, with a full rota or a gap. */
export async function rotaCoverage(db: Db, s: StatsScope) {
  let perSession = db
    .selectFrom('service_sessions as ss')
    .innerJoin('services as sv', 'sv.id', 'ss.service_id')
    .leftJoin('rota_assignments as ra', 'ra.session_id', 'ss.id')
    .where('ss.date', '>=', s.from)
    .where('ss.date', '<=', s.to)
    .where('ss.status', '=', 'open')
    .where('sv.volunteers_per_session', '>', 0)
    .select((eb) => ['ss.id', 'sv.volunteers_per_session as needed', eb.fn.count('ra.id').as('assigned')])
    .groupBy(['ss.id', 'sv.volunteers_per_session']);
  if (s.communityId != null) perSession = perSession.where('sv.community_id', '=', s.communityId);
  const row = await db
    .selectFrom(perSession.as('p'))
    .select((eb) => [
      eb.fn.countAll().as('sessions'),
      eb.fn.sum<number>(eb.case().when('p.assigned', '>=', eb.ref('p.needed')).then(1).else(0).end()).as('full'),
    ])
    .executeTakeFirst();
  const sessions = n(row?.sessions);
  const full = n(row?.full);
  return { sessions, full, gaps: sessions - full };
}

/** Merchants by their stars as rated for the period's last month (the newest rating up to it); 0: not rated yet. */
export async function merchantStars(db: Db, s: StatsScope) {
  const month = s.to.slice(0, 7);
  let q = db
    .selectFrom('merchants as m')
    .leftJoin('merchant_ratings as r', (join) =>
      join.onRef('r.merchant_id', '=', 'm.id').on('r.month', '=', (eb) =>
        eb
          .selectFrom('merchant_ratings as latest')
          .select((x) => x.fn.max('latest.month').as('month'))
          .whereRef('latest.merchant_id', '=', 'm.id')
          .where('latest.month', '<=', month),
      ),
    )
    .select((eb) => [eb.fn.coalesce('r.stars', eb.lit(0)).as('stars'), eb.fn.countAll().as('merchants')])
    .groupBy((eb) => eb.fn.coalesce('r.stars', eb.lit(0)))
    .orderBy('stars');
  if (s.communityId != null) q = q.where('m.community_id', '=', s.communityId);
  return (await q.execute()).map((r) => ({ stars: n(r.stars), merchants: n(r.merchants) }));
}

/** The merchants of the scope (the county: all), for counting their stars now. */
export async function merchantIdsIn(db: Db, s: StatsScope): Promise<number[]> {
  let q = db.selectFrom('merchants').select('id');
  if (s.communityId != null) q = q.where('community_id', '=', s.communityId);
  return (await q.execute()).map((r) => n(r.id));
}

/** Merchant requests not resolved yet (now, whatever the period), with when each was raised. */
export async function openMerchantRequests(db: Db, s: StatsScope) {
  let q = db
    .selectFrom('merchant_requests')
    .where('status', 'in', ['open', 'in_progress'])
    .select(['created_at', 'resolved_at']);
  if (s.communityId != null) q = q.where('community_id', '=', s.communityId);
  return q.execute();
}
