import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCommunity, buildNeed, buildResident, buildService, buildStaff } from './support/factories.js';

/**
 * Desk parity (issue 12, item 5): a senior without a phone is served fully by their own
 * community's desk. "Now" is Saturday 28 November 2026, 10:00 in the county.
 */
let t: TestApp;
let home: { id: number };
let away: { id: number };
let homeStaffCookie: string;
let awayStaffCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  home = await buildCommunity(t.deps, '苗圃社区');
  away = await buildCommunity(t.deps, '东城社区');
  homeStaffCookie = await signIn(t.app, (await buildStaff(t.deps, home.id)).phone);
  awayStaffCookie = await signIn(t.app, (await buildStaff(t.deps, away.id)).phone);
});
afterAll(() => t.close());

const book = (cookie: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/bookings', headers: { cookie }, payload });
const countRows = async (table: 'bookings' | 'audit_log' | 'needs' | 'need_supports') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
async function firstOpenSession(serviceId: number) {
  const list = (
    await t.app.inject({
      method: 'GET',
      url: `/api/public/services/${serviceId}/sessions?from=2026-11-28&to=2026-12-31`,
    })
  ).json() as { id: number }[];
  return list[0]!.id;
}

describe("booking into another community's service (代预约 across communities)", () => {
  it("lets a desk book its own senior into another community's county-wide service, and the service's staff keep their rights", async () => {
    const countyWide = await buildService(t.deps, {
      communityId: away.id,
      eligibility: { minAge: 60, scope: 'county' },
    });
    const sessionId = await firstOpenSession(countyWide.id);
    const senior = await buildResident(t.deps, { communityId: home.id, birthDate: '1948-03-01' });

    const booked = await book(homeStaffCookie, { sessionId, residentId: senior.id });
    expect(booked.statusCode).toBe(201);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'community_id', 'on_behalf_resident_id'])
      .where('target_type', '=', 'booking')
      .where('target_id', '=', String(booked.json().id))
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'service.book', community_id: home.id, on_behalf_resident_id: senior.id });

    // the service's own staff see and may cancel it, as before; the desk may cancel it too
    const cancelled = await t.app.inject({
      method: 'DELETE',
      url: `/api/bookings/${booked.json().id}`,
      headers: { cookie: homeStaffCookie },
    });
    expect(cancelled.statusCode).toBe(204);
    const again = await book(awayStaffCookie, { sessionId, residentId: senior.id });
    expect(again.statusCode).toBe(201);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/bookings/${again.json().id}`,
          headers: { cookie: awayStaffCookie },
        })
      ).statusCode,
    ).toBe(204);
  });

  it("still refuses a community-scoped service of another community (403 NOT_ELIGIBLE), a walk-in number from afar, and another desk's resident", async () => {
    const communityOnly = await buildService(t.deps, { communityId: away.id });
    const countyWide = await buildService(t.deps, {
      communityId: away.id,
      eligibility: { minAge: 60, scope: 'county' },
    });
    const senior = await buildResident(t.deps, { communityId: home.id, birthDate: '1948-03-01' });
    const stranger = await buildResident(t.deps, {
      communityId: (await buildCommunity(t.deps)).id,
      birthDate: '1948-03-01',
    });
    const before = await countRows('bookings');
    const auditBefore = await countRows('audit_log');

    const scoped = await book(homeStaffCookie, {
      sessionId: await firstOpenSession(communityOnly.id),
      residentId: senior.id,
    });
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json().error).toMatchObject({ code: 'NOT_ELIGIBLE', reason: 'SCOPE' });
    const countySession = await firstOpenSession(countyWide.id);
    const walkIn = await book(homeStaffCookie, { sessionId: countySession, residentId: senior.id, walkIn: true });
    expect(walkIn.statusCode).toBe(403);
    expect(errorCode(await book(homeStaffCookie, { sessionId: countySession, residentId: stranger.id }))).toBe(
      'FORBIDDEN',
    );

    expect(await countRows('bookings')).toBe(before);
    expect(await countRows('audit_log')).toBe(auditBefore);
  });
});

describe('needs on behalf (代点单)', () => {
  const post = (cookie: string, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/needs/on-behalf', headers: { cookie }, payload });
  const support = (cookie: string, needId: number, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/needs/${needId}/support/on-behalf`, headers: { cookie }, payload });

  it('posts a need for a senior without a phone, audited with who acted for whom, and the need says 由工作人员代发', async () => {
    const senior = await buildResident(t.deps, { communityId: home.id, name: '王秀英' });
    const posted = await post(homeStaffCookie, { residentId: senior.id, category: '健康', text: '想请医生讲讲高血压' });
    expect(posted.statusCode).toBe(201);
    const needId = posted.json().id as number;
    const row = await t.db
      .selectFrom('needs')
      .select(['community_id', 'resident_id', 'posted_by_user_id'])
      .where('id', '=', needId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ community_id: home.id, resident_id: senior.id });
    expect(row.posted_by_user_id).not.toBeNull();
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'on_behalf_resident_id', 'community_id', 'summary'])
      .where('target_type', '=', 'need')
      .where('target_id', '=', String(needId))
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      action: 'need.create_on_behalf',
      actor_user_id: row.posted_by_user_id,
      on_behalf_resident_id: senior.id,
      community_id: home.id,
      summary: '代 王秀英 点单（健康）',
    });
    const listed = (await t.app.inject({ method: 'GET', url: `/api/public/needs?communityId=${home.id}` })).json() as {
      id: number;
      postedByStaff: boolean;
    }[];
    expect(listed.find((n) => n.id === needId)).toMatchObject({ postedByStaff: true });
  });

  it('supports a need for a resident once, audited; a second support is refused and counts nothing', async () => {
    const need = await buildNeed(t.deps, { communityId: home.id });
    const senior = await buildResident(t.deps, { communityId: home.id, name: '赵大爷' });
    const first = await support(homeStaffCookie, need.id, { residentId: senior.id });
    expect(first.json()).toEqual({ needId: need.id, supports: 1 });
    const twice = await Promise.all([1, 2, 3].map(() => support(homeStaffCookie, need.id, { residentId: senior.id })));
    expect(twice.map((r) => r.statusCode)).toEqual([409, 409, 409]);
    const counter = await t.db
      .selectFrom('needs')
      .select('supports')
      .where('id', '=', need.id)
      .executeTakeFirstOrThrow();
    const rows = await t.db
      .selectFrom('need_supports')
      .select(['resident_id', 'supported_by_user_id'])
      .where('need_id', '=', need.id)
      .execute();
    expect(counter.supports).toBe(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.supported_by_user_id).not.toBeNull();
    const audits = await t.db
      .selectFrom('audit_log')
      .select(['action', 'on_behalf_resident_id'])
      .where('target_type', '=', 'need')
      .where('target_id', '=', String(need.id))
      .execute();
    expect(audits).toEqual([{ action: 'need.support_on_behalf', on_behalf_resident_id: senior.id }]);
  });

  it("refuses another community's resident (403), an unknown resident (400) and a bad category (400), writing nothing", async () => {
    const theirs = await buildResident(t.deps, { communityId: away.id });
    const need = await buildNeed(t.deps, { communityId: away.id });
    const mine = await buildResident(t.deps, { communityId: home.id });
    const before = await Promise.all((['needs', 'need_supports', 'audit_log'] as const).map(countRows));

    expect((await post(homeStaffCookie, { residentId: theirs.id, category: '健康', text: '讲座' })).statusCode).toBe(
      403,
    );
    const unknown = await post(homeStaffCookie, { residentId: 999_999, category: '健康', text: '讲座' });
    expect(unknown.statusCode).toBe(400);
    expect(errorFields(unknown)).toEqual(['residentId']);
    const badCategory = await post(homeStaffCookie, { residentId: mine.id, category: '购物', text: '讲座' });
    expect(badCategory.statusCode).toBe(400);
    expect(errorFields(badCategory)).toEqual(['category']);
    expect((await support(homeStaffCookie, need.id, { residentId: theirs.id })).statusCode).toBe(403);
    // my resident, but the need is another community's
    expect((await support(homeStaffCookie, need.id, { residentId: mine.id })).statusCode).toBe(403);

    expect(await Promise.all((['needs', 'need_supports', 'audit_log'] as const).map(countRows))).toEqual(before);
  });
});
