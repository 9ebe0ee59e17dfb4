import type { Response as LightMyRequestResponse } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, quickCookie, signIn, type TestApp } from './support/app.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildCommunity,
  buildPointsRules,
  buildResident,
  buildStaff,
  fundResident,
  uniquePhone,
} from './support/factories.js';
import { expectLedgerInvariants, ledgerCount } from './support/ledger.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const as = (
  cookie: string | undefined,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload }),
  });

const residentRow = (id: number) =>
  t.db.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const balanceOf = async (id: number) =>
  (await t.db.selectFrom('points_balances').select('balance').where('resident_id', '=', id).executeTakeFirst())
    ?.balance ?? 0;
const auditActions = async (id: number) =>
  (
    await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'resident')
      .where('target_id', '=', String(id))
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

async function listedIds(cookie: string, query: string): Promise<number[]> {
  const response = await as(cookie, 'GET', `/api/residents?${query}`);
  expect(response.statusCode).toBe(200);
  return (response.json() as { residents: { id: number }[] }).residents.map((r) => r.id);
}

describe('residents: edit', () => {
  it('edits name and phone (the login follows) and moves a resident to another community keeping points and history; the ledger still verifies', async () => {
    const a = await buildCommunity(t.deps);
    const b = await buildCommunity(t.deps);
    const staffA = await buildStaff(t.deps, a.id);
    const admin = await buildCenterAdmin(t.deps);
    const resident = await buildResident(t.deps, { communityId: a.id, name: '赵桂芝', withLogin: true });
    const rule = (
      await buildPointsRules(t.deps, a.id, [{ code: 'VOL', name: '志愿服务', category: '志愿', points: 5 }])
    ).VOL;
    await fundResident(t.deps, resident.id, 40);
    const staffCookie = await signIn(t.app, staffA.phone);
    expect(
      (await as(staffCookie, 'POST', '/api/points/awards', { residentId: resident.id, ruleId: rule })).statusCode,
    ).toBe(201);
    const entriesBefore = await ledgerCount(t.deps, { residentId: resident.id });
    const balanceBefore = await balanceOf(resident.id);

    const newPhone = uniquePhone();
    const edited = await as(staffCookie, 'PATCH', `/api/residents/${resident.id}`, { name: '赵桂枝', phone: newPhone });
    expect(edited.statusCode).toBe(204);
    const user = await t.db
      .selectFrom('users')
      .select(['name', 'phone'])
      .where('id', '=', (await residentRow(resident.id)).user_id!)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ name: '赵桂枝', phone: newPhone });
    await signIn(t.app, newPhone);

    // Community staff of A cannot move someone into B; the center can.
    const refused = await as(staffCookie, 'PATCH', `/api/residents/${resident.id}`, { communityId: b.id });
    expect(refused.statusCode).toBe(403);
    const adminCookie = await signIn(t.app, admin.phone);
    expect((await as(adminCookie, 'PATCH', `/api/residents/${resident.id}`, { communityId: b.id })).statusCode).toBe(
      204,
    );
    expect((await residentRow(resident.id)).community_id).toBe(b.id);
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(entriesBefore);
    expect(await balanceOf(resident.id)).toBe(balanceBefore);
    const statement = await as(adminCookie, 'GET', `/api/residents/${resident.id}/points`);
    expect(statement.statusCode).toBe(200);
    await expectLedgerInvariants(t.deps);
    expect(await auditActions(resident.id)).toEqual(['resident.update', 'resident.update']);
  });

  it('refuses an empty change, a phone another login has, and an unknown community, writing nothing', async () => {
    const a = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, a.id);
    const resident = await buildResident(t.deps, { communityId: a.id });
    const other = await buildResident(t.deps, { communityId: a.id, withLogin: true });
    const cookie = await signIn(t.app, staff.phone);
    const before = await residentRow(resident.id);
    expect((await as(cookie, 'PATCH', `/api/residents/${resident.id}`, {})).statusCode).toBe(400);
    const badPhone = await as(cookie, 'PATCH', `/api/residents/${resident.id}`, { phone: '12345' });
    expect(errorFields(badPhone)).toEqual(['phone']);
    const taken = await as(cookie, 'PATCH', `/api/residents/${resident.id}`, { phone: other.phone! });
    expect(errorCode(taken)).toBe('PHONE_TAKEN');
    const nowhere = await as(cookie, 'PATCH', `/api/residents/${resident.id}`, { communityId: 987654 });
    expect(errorFields(nowhere)).toEqual(['communityId']);
    expect(await residentRow(resident.id)).toEqual(before);
    expect(await auditActions(resident.id)).toEqual([]);
  });
});

describe('residents: archive', () => {
  it('an archived resident is gone from lists, phone and card lookups and the honour roll, cannot be served, keeps their history; the center brings them back', async () => {
    const a = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, a.id);
    const admin = await buildCenterAdmin(t.deps);
    const resident = await buildResident(t.deps, { communityId: a.id, withLogin: true });
    const rule = (
      await buildPointsRules(t.deps, a.id, [{ code: 'VOL', name: '志愿服务', category: '志愿', points: 5 }])
    ).VOL;
    const cookie = await signIn(t.app, staff.phone);
    expect((await as(cookie, 'POST', '/api/points/awards', { residentId: resident.id, ruleId: rule })).statusCode).toBe(
      201,
    );
    const roll = async () =>
      ((await as(undefined, 'GET', `/api/public/leaderboard?communityId=${a.id}&period=year`)).json() as unknown[])
        .length;
    expect(await roll()).toBe(1);
    const memberCode = (await residentRow(resident.id)).member_code;
    const lastDigits = resident.phone!.slice(-4);
    expect(await listedIds(cookie, `communityId=${a.id}`)).toContain(resident.id);
    expect(await listedIds(cookie, `q=${lastDigits}`)).toContain(resident.id);

    const archived = await as(cookie, 'POST', `/api/residents/${resident.id}/archive`, {
      reason: 'deceased',
      date: '2026-11-27',
      note: '家属来电告知',
    });
    expect(archived.statusCode).toBe(204);

    expect(await listedIds(cookie, `communityId=${a.id}`)).not.toContain(resident.id);
    expect(await listedIds(cookie, `q=${lastDigits}`)).not.toContain(resident.id);
    expect(await listedIds(cookie, `communityId=${a.id}&archived=1`)).toEqual([resident.id]);
    expect(errorCode(await as(cookie, 'GET', `/api/residents/by-code/${memberCode}`))).toBe('RESIDENT_ARCHIVED');
    const award = await as(cookie, 'POST', '/api/points/awards', { residentId: resident.id, ruleId: rule });
    expect(award.statusCode).toBe(409);
    expect(errorCode(award)).toBe('RESIDENT_ARCHIVED');
    expect(await roll()).toBe(0);
    const activity = await buildActivity(t.deps, { communityId: a.id, status: 'published' });
    const signUp = await as(cookie, 'POST', `/api/activities/${activity.id}/registrations`, {
      residentId: resident.id,
    });
    expect(errorCode(signUp)).toBe('RESIDENT_ARCHIVED');
    // History stays: the detail says why, the statement still reads, the ledger verifies.
    const detail = (await as(cookie, 'GET', `/api/residents/${resident.id}`)).json() as { archived: unknown };
    expect(detail.archived).toMatchObject({ reason: 'deceased', date: '2026-11-27', note: '家属来电告知' });
    expect((await as(cookie, 'GET', `/api/residents/${resident.id}/points`)).statusCode).toBe(200);
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(1);
    await expectLedgerInvariants(t.deps);

    expect(
      errorCode(
        await as(cookie, 'POST', `/api/residents/${resident.id}/archive`, { reason: 'moved', date: '2026-11-27' }),
      ),
    ).toBe('RESIDENT_ARCHIVED');
    expect((await as(cookie, 'POST', `/api/residents/${resident.id}/unarchive`)).statusCode).toBe(403);
    const adminCookie = await quickCookie(t, admin.id);
    expect((await as(adminCookie, 'POST', `/api/residents/${resident.id}/unarchive`)).statusCode).toBe(204);
    expect(await listedIds(cookie, `communityId=${a.id}`)).toContain(resident.id);
    expect(await roll()).toBe(1);
    expect(await auditActions(resident.id)).toEqual(['resident.archive', 'resident.unarchive']);
  });

  it('refuses a missing reason and a future date with 400 naming the field, writing nothing', async () => {
    const a = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, a.id);
    const resident = await buildResident(t.deps, { communityId: a.id });
    const cookie = await signIn(t.app, staff.phone);
    const noReason = await as(cookie, 'POST', `/api/residents/${resident.id}/archive`, { date: '2026-11-27' });
    expect(errorFields(noReason)).toEqual(['reason']);
    const future = await as(cookie, 'POST', `/api/residents/${resident.id}/archive`, {
      reason: 'moved',
      date: '2099-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(errorFields(future)).toEqual(['date']);
    expect((await residentRow(resident.id)).archived_at).toBeNull();
    expect(await auditActions(resident.id)).toEqual([]);
  });
});
