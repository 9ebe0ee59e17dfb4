import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard, TPeriodFigures } from '@zhongli/domain';
import { createTestApp, errorCode, errorFields, quickCookie, type TestApp } from './support/app.js';
import { databaseFingerprint } from './support/fingerprint.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildCheckin,
  buildCommunity,
  buildMerchant,
  buildNeed,
  buildResident,
  buildService,
  buildShopItem,
  buildStaff,
  fundResident,
} from './support/factories.js';
import { periodFigures } from '../src/modules/stats/index.js';

/**
 * The stats read model over known data: December 2026 in two communities, with things just outside
 * the period (30 November 23:30 county time, a November ledger entry, a November donation), a
 * cancelled activity and residents on each side of every age band's edge on 31 December.
 */
const DECEMBER = { from: '2026-12-01', to: '2026-12-31' };
/** county time → instant */
const at = (date: string, time: string) => new Date(Date.parse(`${date}T${time}:00Z`) - 8 * 3600_000).toISOString();

let t: TestApp;
let a: { id: number; name: string };
let b: { id: number; name: string };
let cookies: { center: string; staffA: string; staffB: string };
let serviceName: string;
let serviceId: number;
let shopId: number;
let decemberSessions: number;

beforeAll(async () => {
  t = await createTestApp({ now: at('2026-11-20', '10:00') });
  a = await buildCommunity(t.deps, '东城社区');
  b = await buildCommunity(t.deps, '西城社区');
  const center = await buildCenterAdmin(t.deps);
  const staffA = await buildStaff(t.deps, a.id);
  const staffB = await buildStaff(t.deps, b.id);
  cookies = {
    center: await quickCookie(t, center.id),
    staffA: await quickCookie(t, staffA.id),
    staffB: await quickCookie(t, staffB.id),
  };
  const resident = (communityId: number, birthDate: string) => buildResident(t.deps, { communityId, birthDate });
  const r80 = await resident(a.id, '1946-12-31'); // 80 on 31 December
  const r79 = await resident(a.id, '1947-01-01'); // 79
  const r60 = await resident(a.id, '1966-12-31'); // 60
  const r59 = await resident(a.id, '1967-01-01'); // 59
  const rb = await resident(b.id, '1950-05-05'); // 76

  // November, outside the period: points, a need (answered in December), a donation.
  await fundResident(t.deps, r79.id, 50);
  const novemberNeed = await buildNeed(t.deps, { communityId: a.id, residentId: r79.id });
  const item = await buildShopItem(t.deps, a.id, { name: '毛巾', pointsPrice: 10, stock: 0 });
  await post(cookies.staffA, '/api/shop/donations', {
    itemId: item.id,
    quantity: 1,
    donorName: '李四',
    donatedOn: '2026-11-15',
  });

  t.clock.set(at('2026-12-10', '10:00'));
  const service = await buildService(t.deps, { communityId: a.id });
  serviceId = service.id;
  serviceName = (
    await t.db.selectFrom('services').select('name').where('id', '=', service.id).executeTakeFirstOrThrow()
  ).name;
  const sessions = await t.db
    .selectFrom('service_sessions')
    .select(['id', 'date'])
    .where('service_id', '=', service.id)
    .where('date', '>=', DECEMBER.from)
    .where('date', '<=', DECEMBER.to)
    .orderBy('starts_at')
    .execute();
  decemberSessions = sessions.length;
  const session = sessions[0]!;
  for (const [queue, residentId, state] of [
    [1, r59.id, 'served'],
    [2, r79.id, 'no_show'],
  ] as const) {
    await t.db
      .insertInto('bookings')
      .values({
        session_id: session.id,
        service_id: service.id,
        resident_id: residentId,
        queue_number: queue,
        state,
        created_at: at('2026-12-10', '10:00'),
        updated_at: at('2026-12-10', '10:00'),
      })
      .execute();
  }

  const a1 = await buildActivity(t.deps, {
    communityId: a.id,
    category: '健康讲座',
    startsAt: at('2026-12-03', '09:00'),
  });
  const a2 = await buildActivity(t.deps, {
    communityId: a.id,
    category: '文体活动',
    startsAt: at('2026-12-20', '09:00'),
  });
  const cancelled = await buildActivity(t.deps, {
    communityId: a.id,
    category: '文体活动',
    startsAt: at('2026-12-05', '09:00'),
    status: 'cancelled',
  });
  const lastNovember = await buildActivity(t.deps, { communityId: a.id, startsAt: at('2026-11-30', '23:30') });
  const lastDecember = await buildActivity(t.deps, {
    communityId: a.id,
    category: '健康讲座',
    startsAt: at('2026-12-31', '23:30'),
  });
  const b1 = await buildActivity(t.deps, {
    communityId: b.id,
    category: '健康讲座',
    startsAt: at('2026-12-08', '09:00'),
  });
  await buildActivity(t.deps, { communityId: a.id, startsAt: at('2026-12-09', '09:00'), status: 'draft' });
  for (const [activityId, residentId] of [
    [a1.id, r80.id],
    [a1.id, r79.id],
    [a2.id, r80.id],
    [cancelled.id, r60.id],
    [lastNovember.id, r59.id],
    [lastDecember.id, r60.id],
    [b1.id, rb.id],
  ] as const) {
    await buildCheckin(t.deps, { activityId, residentId });
  }

  const decemberNeed = await buildNeed(t.deps, { communityId: a.id, residentId: r80.id });
  await buildNeed(t.deps, { communityId: b.id, residentId: rb.id });
  await t.db
    .insertInto('activity_needs')
    .values([
      { activity_id: a1.id, need_id: decemberNeed.id },
      { activity_id: a2.id, need_id: novemberNeed.id },
      { activity_id: cancelled.id, need_id: decemberNeed.id },
    ])
    .execute();

  await fundResident(t.deps, r80.id, 100);
  await fundResident(t.deps, rb.id, 20);
  const shop = await buildMerchant(t.deps, a.id, { name: '爱心超市' });
  shopId = shop.id;
  for (const body of [
    { itemId: item.id, quantity: 2, merchantId: shop.id },
    { itemId: item.id, quantity: 2, merchantId: shop.id },
    { itemId: item.id, quantity: 1, donorName: '李四' },
  ]) {
    expect((await post(cookies.staffA, '/api/shop/donations', body)).statusCode).toBe(201);
  }
  const redemption = await post(
    cookies.staffA,
    '/api/shop/redemptions',
    { residentId: r80.id, lines: [{ itemId: item.id, quantity: 3 }] },
    { 'idempotency-key': 'stats-redeem-1' },
  );
  expect(redemption.statusCode).toBe(201);
});

afterAll(async () => {
  await t?.close();
});

function post(cookie: string, url: string, payload: object, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url, payload, headers: { cookie, ...headers } });
}

function get(cookie: string, query: Record<string, string | number>) {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return t.app.inject({ method: 'GET', url: `/api/stats/period?${search}`, headers: { cookie } });
}

describe('period figures', () => {
  it("counts a community's December exactly: held not cancelled, distinct people by age band at the end, needs, points, donors", async () => {
    const response = await get(cookies.center, { ...DECEMBER, communityId: a.id });
    expect(response.statusCode).toBe(200);
    const figures = response.json() as TPeriodFigures;
    expect(figures.period).toEqual({ ...DECEMBER, communityId: a.id, scopeName: '东城社区' });
    expect(figures.activities).toEqual({
      held: 3,
      cancelled: 1,
      byCategory: [
        { category: '健康讲座', held: 2, participants: 3 },
        { category: '文体活动', held: 1, participants: 1 },
      ],
    });
    // r80 twice and r79 at activities, r60 on 31 December late at night, r59 only at the barber's.
    expect(figures.participation).toEqual({
      checkins: 4,
      distinctResidents: 4,
      byAgeBand: [
        { band: 'under60', residents: 1 },
        { band: '60-69', residents: 1 },
        { band: '70-79', residents: 1 },
        { band: '80+', residents: 1 },
        { band: 'unknown', residents: 0 },
      ],
    });
    // raised in December: one; answered by December's activities: that one and November's.
    expect(figures.needs).toEqual({ raised: 1, answered: 2 });
    expect(figures.points).toEqual({ issued: 100, redeemed: 30 });
    expect(figures.donations).toEqual({
      donations: 3,
      donors: [
        { name: '爱心超市', donations: 2, merchant: true },
        { name: '李四', donations: 1, merchant: false },
      ],
    });
    expect(figures.services).toEqual([{ serviceId, serviceName, sessions: decemberSessions, served: 1, noShow: 1 }]);
    expect(decemberSessions).toBeGreaterThan(0);
    expect(figures.merchants).toEqual({ participating: 1, contributions: 2 });
    expect(figures.byCommunity).toEqual([
      {
        communityId: a.id,
        name: '东城社区',
        activitiesHeld: 3,
        checkins: 4,
        distinctResidents: 4,
        volunteerHours: 0,
        pointsIssued: 100,
      },
    ]);
  });

  it('adds the communities up for the county and compares them', async () => {
    const figures = await periodFigures({ db: t.db, ...DECEMBER });
    expect(figures.period).toMatchObject({ communityId: null, scopeName: '测试县社区服务中心' });
    expect(figures.activities.held).toBe(4);
    expect(figures.participation.distinctResidents).toBe(5);
    expect(figures.participation.byAgeBand.find((x) => x.band === '70-79')).toEqual({ band: '70-79', residents: 2 });
    expect(figures.needs).toEqual({ raised: 2, answered: 2 });
    expect(figures.points).toEqual({ issued: 120, redeemed: 30 });
    expect(figures.byCommunity.map((c) => [c.name, c.activitiesHeld, c.distinctResidents, c.pointsIssued])).toEqual([
      ['东城社区', 3, 4, 100],
      ['西城社区', 1, 1, 20],
    ]);
  });

  it('counts November apart: the activity at 23:30 on the 30th, the November points and donation', async () => {
    const figures = await periodFigures({ db: t.db, from: '2026-11-01', to: '2026-11-30', communityId: a.id });
    expect(figures.activities.held).toBe(1);
    expect(figures.participation).toMatchObject({ checkins: 1, distinctResidents: 1 });
    expect(figures.points).toEqual({ issued: 50, redeemed: 0 });
    expect(figures.donations.donors).toEqual([{ name: '李四', donations: 1, merchant: false }]);
  });
});

describe('who sees which figures', () => {
  it("gives community staff their own community's figures, by default and when named", async () => {
    const own = await get(cookies.staffA, DECEMBER);
    expect(own.statusCode).toBe(200);
    expect(own.json().period).toMatchObject({ communityId: a.id, scopeName: '东城社区' });
    const named = await get(cookies.staffA, { ...DECEMBER, communityId: a.id });
    expect(named.json()).toEqual(own.json());
  });

  it("refuses community staff another community's figures and the county's", async () => {
    expect((await get(cookies.staffB, { ...DECEMBER, communityId: a.id })).statusCode).toBe(403);
    expect(errorCode(await get(cookies.staffA, { ...DECEMBER, communityId: b.id }))).toBe('FORBIDDEN');
  });

  it('gives the center the county without a community', async () => {
    const county = await get(cookies.center, DECEMBER);
    expect(county.statusCode).toBe(200);
    expect(county.json().period.communityId).toBeNull();
    expect(county.json().byCommunity).toHaveLength(2);
  });

  it.each([
    ['an impossible date', { from: '2026-02-30', to: '2026-03-01' }, 'from'],
    ['an end before the start', { from: '2026-12-31', to: '2026-12-01' }, 'to'],
    ['more than a year', { from: '2025-01-01', to: '2026-12-31' }, 'to'],
    ['a malformed date', { from: '2026-1-1', to: '2026-12-31' }, 'from'],
  ])('answers %s with 400 naming the field, writing nothing', async (_label, query, field) => {
    const before = await databaseFingerprint(t.deps);
    const response = await get(cookies.center, query);
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toContain(field);
    expect(await databaseFingerprint(t.deps)).toBe(before);
  });

  it('answers an unknown community with 404', async () => {
    expect((await get(cookies.center, { ...DECEMBER, communityId: 999999 })).statusCode).toBe(404);
  });
});

describe('the dashboard', () => {
  beforeAll(async () => {
    // A rota service in A: two December sessions need one volunteer each, one has them.
    const rota = await buildService(t.deps, { communityId: a.id, volunteersPerSession: 1, name: '健康咨询' });
    const [first] = await t.db
      .selectFrom('service_sessions')
      .select('id')
      .where('service_id', '=', rota.id)
      .where('date', '<=', DECEMBER.to)
      .orderBy('starts_at')
      .execute();
    // …served by a resident volunteer, and marked complete: a 3-hour morning shift of volunteer hours.
    const volunteer = await buildResident(t.deps, { communityId: a.id, withLogin: true });
    const { user_id: volunteerUser } = await t.db
      .selectFrom('residents')
      .select('user_id')
      .where('id', '=', volunteer.id)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('rota_assignments')
      .values({ session_id: first!.id, user_id: volunteerUser!, created_at: at('2026-12-10', '10:00') })
      .execute();
    await t.db
      .updateTable('service_sessions')
      .set({ completed_at: at('2026-12-15', '11:30') })
      .where('id', '=', first!.id)
      .execute();
    // A voucher offer of 爱心超市: one honoured in December, one in November, one still issued.
    const offer = await t.db
      .insertInto('voucher_offers')
      .values({
        merchant_id: shopId,
        community_id: a.id,
        title: '十元代金券',
        face_value_fen: 1000,
        points_cost: 10,
        quantity: 10,
        valid_until: '2027-01-31',
        per_resident_limit: 5,
        created_at: at('2026-11-01', '10:00'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const holder = await buildResident(t.deps, { communityId: a.id });
    for (const [code, redeemedAt] of [
      ['V1', at('2026-12-05', '15:00')],
      ['V2', at('2026-11-20', '15:00')],
      ['V3', null],
    ] as const) {
      await t.db
        .insertInto('vouchers')
        .values({
          offer_id: offer.id,
          merchant_id: shopId,
          resident_id: holder.id,
          code,
          status: redeemedAt ? 'redeemed' : 'issued',
          claimed_at: at('2026-11-10', '10:00'),
          expires_at: at('2027-01-31', '23:59'),
          redeemed_at: redeemedAt,
        })
        .execute();
    }
    await t.db
      .insertInto('merchant_ratings')
      .values({
        merchant_id: shopId,
        month: '2026-11',
        stars: 4, // as it stood on 1 November (the trend's snapshot); counted now it is ★★★
        contributions: 3,
        average_quality: 4,
        explanation: '测试',
        rated_at: at('2026-11-01', '01:00'),
      })
      .execute();
    // Three services marked 4: counted now (the rule: at least 3, capped ★★★ for 3–5), ★★★.
    for (const day of ['2026-11-05', '2026-11-12', '2026-11-19'])
      await t.db
        .insertInto('merchant_contributions')
        .values({
          merchant_id: shopId,
          kind: 'service',
          description: '义务维修',
          quality: 4,
          occurred_at: at(day, '10:00'),
          created_at: at(day, '10:00'),
        })
        .execute();
    // Requests: raised Tuesday 1 December (6 working days by Thursday 10th: overdue), Wednesday 9th (1), one resolved.
    for (const [title, raised, status] of [
      ['门前路灯坏了', at('2026-12-01', '09:00'), 'open'],
      ['想参加周末集市', at('2026-12-09', '09:00'), 'in_progress'],
      ['已经办好的', at('2026-12-01', '09:00'), 'resolved'],
    ] as const) {
      await t.db
        .insertInto('merchant_requests')
        .values({
          merchant_id: shopId,
          community_id: a.id,
          title,
          description: title,
          status,
          created_at: raised,
          updated_at: raised,
          resolved_at: status === 'resolved' ? at('2026-12-02', '09:00') : null,
        })
        .execute();
    }
  });

  function dashboard(cookie: string, query: Record<string, string | number>) {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return t.app.inject({ method: 'GET', url: `/api/stats/dashboard?${search}`, headers: { cookie } });
  }

  it("shows a community's weeks, vouchers, shelves, rota, stars and requests", async () => {
    const response = await dashboard(cookies.staffA, DECEMBER);
    expect(response.statusCode).toBe(200);
    const board = response.json() as TDashboard;
    expect(board.figures.period.communityId).toBe(a.id);
    expect(board.weeks).toEqual([
      { week: '2026-W49', communityId: a.id, activities: 1, participants: 2 },
      { week: '2026-W51', communityId: a.id, activities: 1, participants: 1 },
      { week: '2026-W53', communityId: a.id, activities: 1, participants: 1 },
    ]);
    expect(board.vouchers).toEqual({ honoured: 1 });
    // 1 + 2 + 2 + 1 given, 3 taken.
    expect(board.shop).toMatchObject({ items: 1, stock: 3 });
    const rotaSessions = await t.db
      .selectFrom('service_sessions as ss')
      .innerJoin('services as sv', 'sv.id', 'ss.service_id')
      .where('sv.name', '=', '健康咨询')
      .where('ss.date', '>=', DECEMBER.from)
      .where('ss.date', '<=', DECEMBER.to)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(rotaSessions.n)).toBeGreaterThan(1);
    expect(board.rota).toEqual({ sessions: Number(rotaSessions.n), full: 1, gaps: Number(rotaSessions.n) - 1 });
    // December is still running: the stars as the public wall counts them now
    expect(board.merchantStars).toEqual([{ stars: 3, merchants: 1 }]);
    const wall = (await t.app.inject({ url: `/api/public/merchants?communityId=${a.id}` })).json() as {
      id: number;
      stars: number;
    }[];
    expect(wall.find((m) => m.id === shopId)?.stars).toBe(3);
    // November has ended: the rating kept for it, as it stood on the 1st
    const november = (await dashboard(cookies.staffA, { from: '2026-11-01', to: '2026-11-30' })).json() as TDashboard;
    expect(november.merchantStars).toEqual([{ stars: 4, merchants: 1 }]);
    expect(board.merchantRequests).toEqual({ open: 2, overdue: 1 });
    expect(board.figures.volunteerHours).toEqual({ hours: 3, volunteers: 1 });
    expect(board.figures.byCommunity[0]).toMatchObject({ communityId: a.id, volunteerHours: 3 });
  });

  it("gives the county every community's weeks and leaves another community's widgets to its staff", async () => {
    const county = (await dashboard(cookies.center, DECEMBER)).json() as TDashboard;
    expect(county.weeks.filter((w) => w.communityId === b.id)).toEqual([
      { week: '2026-W50', communityId: b.id, activities: 1, participants: 1 },
    ]);
    const west = (await dashboard(cookies.staffB, DECEMBER)).json() as TDashboard;
    expect(west.vouchers.honoured).toBe(0);
    expect(west.merchantRequests).toEqual({ open: 0, overdue: 0 });
    expect((await dashboard(cookies.staffB, { ...DECEMBER, communityId: a.id })).statusCode).toBe(403);
  });
});
