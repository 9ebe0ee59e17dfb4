import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildPointsRules, buildResident, buildStaff } from './support/factories.js';
import { expectLedgerInvariants, ledgerCount } from './support/ledger.js';
import { checkLedgerIntegrity } from '../src/modules/points/points.integrity.js';

let t: TestApp;
let community: { id: number };
let otherCommunity: { id: number };
let staffCookie: string;
let secondStaffCookie: string;
let adminCookie: string;
let rules: Record<string, number>;
let foreignRules: Record<string, number>;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-28T02:00:00.000Z' }); // Saturday 28 Nov, 10:00 in the county
  community = await buildCommunity(t.deps, '太风东街社区');
  otherCommunity = await buildCommunity(t.deps, '东城社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
  secondStaffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
  adminCookie = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
  rules = await buildPointsRules(t.deps, community.id, [
    { code: 'VOL', name: '志愿服务', category: '志愿服务', points: 10, caps: { perDay: 1 } },
    { code: 'CLEAN', name: '环境整治', category: '环境整治', points: 5, caps: { perDay: 2, perWeek: 3 } },
    { code: 'FREE', name: '参加活动', category: '活动参与', points: 3 },
  ]);
  foreignRules = await buildPointsRules(t.deps, otherCommunity.id, [
    { code: 'VOL', name: '志愿服务', category: '志愿服务', points: 10 },
  ]);
});
afterAll(async () => {
  await expectLedgerInvariants(t.deps);
  await t.close();
});

const award = (payload: object, headers: Record<string, string> = {}, cookie = staffCookie) =>
  t.app.inject({ method: 'POST', url: '/api/points/awards', headers: { cookie, ...headers }, payload });

describe('rules, versioned and public', () => {
  it('publishes a new version keeping rule ids by code, and keeps old versions readable', async () => {
    const current = await t.app.inject({ method: 'GET', url: `/api/public/points-rules?communityId=${community.id}` });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({
      version: 1,
      rules: [
        { code: 'VOL', points: 10, caps: { perDay: 1, perWeek: null, perMonth: null }, capsText: '每天最多1次' },
        { code: 'CLEAN' },
        { code: 'FREE', capsText: '不限次数' },
      ],
    });

    const published = await t.app.inject({
      method: 'POST',
      url: '/api/points-rules',
      headers: { cookie: staffCookie },
      payload: {
        communityId: community.id,
        exchangeRules: '积分不能兑换现金。',
        rules: [
          { code: 'VOL', name: '志愿服务（满2小时）', category: '志愿服务', points: 12, caps: { perDay: 1 } },
          { code: 'CLEAN', name: '环境整治', category: '环境整治', points: 5, caps: { perDay: 2, perWeek: 3 } },
          { code: 'FREE', name: '参加活动', category: '活动参与', points: 3 },
          { code: 'HELP', name: '邻里互助', category: '邻里互助', points: 8, description: '帮扶独居老人' },
        ],
      },
    });
    expect(published.statusCode).toBe(201);
    const v2 = published.json();
    expect(v2.version).toBe(2);
    expect(v2.rules.find((r: { code: string }) => r.code === 'VOL').id).toBe(rules.VOL);
    expect(v2.exchangeRules).toBe('积分不能兑换现金。');
    const history = (
      await t.app.inject({ method: 'GET', url: `/api/public/points-rules/history?communityId=${community.id}` })
    ).json();
    expect(history.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history[1].rules.find((r: { code: string }) => r.code === 'VOL').points).toBe(10);
  });

  it('schedules a version for later: the current one stays in force until then', async () => {
    const scheduled = await t.app.inject({
      method: 'POST',
      url: '/api/points-rules',
      headers: { cookie: staffCookie },
      payload: {
        communityId: otherCommunity.id,
        effectiveFrom: '2026-12-01T00:00:00+08:00',
        rules: [{ code: 'VOL', name: '志愿服务', category: '志愿服务', points: 99 }],
      },
    });
    expect(scheduled.statusCode).toBe(403); // not this staff member's community
    const byAdmin = await t.app.inject({
      method: 'POST',
      url: '/api/points-rules',
      headers: { cookie: adminCookie },
      payload: {
        communityId: otherCommunity.id,
        effectiveFrom: '2026-12-01T00:00:00+08:00',
        rules: [{ code: 'VOL', name: '志愿服务', category: '志愿服务', points: 99 }],
      },
    });
    expect(byAdmin.statusCode).toBe(201);
    const now = (
      await t.app.inject({ method: 'GET', url: `/api/public/points-rules?communityId=${otherCommunity.id}` })
    ).json();
    expect(now.rules[0].points).toBe(10);
    const past = await t.app.inject({
      method: 'POST',
      url: '/api/points-rules',
      headers: { cookie: adminCookie },
      payload: {
        communityId: otherCommunity.id,
        effectiveFrom: '2026-01-01T00:00:00+08:00',
        rules: [{ code: 'VOL', name: '志愿服务', category: '志愿服务', points: 1 }],
      },
    });
    expect(past.statusCode).toBe(400);
    expect(errorFields(past)).toEqual(['effectiveFrom']);
  });

  it.each([
    ['zero points', 0, 'rules.0.points'],
    ['negative points', -5, 'rules.0.points'],
    ['fractional points', 2.5, 'rules.0.points'],
    ['huge points', 1e9, 'rules.0.points'],
    ['non-numeric points', '10', 'rules.0.points'],
  ])('refuses a rule with %s, writing nothing', async (_label, points, field) => {
    const before = Number(
      (
        await t.db
          .selectFrom('points_rule_versions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/points-rules',
      headers: { cookie: staffCookie },
      payload: { communityId: community.id, rules: [{ code: 'X', name: '测试', category: '其他', points }] },
    });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toContain(field);
    const after = Number(
      (
        await t.db
          .selectFrom('points_rule_versions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);
  });

  it('refuses duplicate codes and zero limits', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/points-rules',
      headers: { cookie: staffCookie },
      payload: {
        communityId: community.id,
        rules: [
          { code: 'A', name: '甲', category: '其他', points: 1, caps: { perDay: 0 } },
          { code: 'a', name: '乙', category: '其他', points: 1 },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toEqual(expect.arrayContaining(['rules.0.caps.perDay', 'rules.1.code']));
  });
});

describe('awards', () => {
  it('awards by rule from the desk and records it in the ledger, the statement and the audit log', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true, name: '王秀英' });
    const response = await award({ residentId: resident.id, ruleId: rules.FREE, note: '读书会' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ entry: { id: expect.any(Number), delta: 3, balanceAfter: 3 } });
    const residentCookie = await signIn(t.app, resident.phone!);
    const statement = (
      await t.app.inject({
        method: 'GET',
        url: `/api/residents/${resident.id}/points`,
        headers: { cookie: residentCookie },
      })
    ).json();
    expect(statement.balance).toBe(3);
    expect(statement.entries).toEqual([
      expect.objectContaining({
        delta: 3,
        kind: 'award',
        kindLabel: '获得',
        reason: '读书会',
        ruleName: '参加活动',
        balanceAfter: 3,
        actorName: expect.any(String),
        at: '2026-11-28T02:00:00.000Z',
      }),
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'points.award')
      .where('on_behalf_resident_id', '=', resident.id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("enforces limits per day and week, counting in the county's calendar", async () => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    expect((await award({ residentId: resident.id, ruleId: rules.VOL })).statusCode).toBe(201);
    const again = await award({ residentId: resident.id, ruleId: rules.VOL });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('RULE_CAP_REACHED');
    expect(again.json().error.period).toBe('day');
    // 16:00 UTC is midnight in the county: a new day, a new place.
    t.clock.set('2026-11-28T16:00:00.000Z');
    expect((await award({ residentId: resident.id, ruleId: rules.VOL })).statusCode).toBe(201);

    // CLEAN: 2 a day, 3 a week. Sunday 29 Nov and Monday 30 Nov are in different ISO weeks.
    t.clock.set('2026-11-29T02:00:00.000Z');
    expect((await award({ residentId: resident.id, ruleId: rules.CLEAN })).statusCode).toBe(201);
    expect((await award({ residentId: resident.id, ruleId: rules.CLEAN })).statusCode).toBe(201);
    expect(errorCode(await award({ residentId: resident.id, ruleId: rules.CLEAN }))).toBe('RULE_CAP_REACHED');
    t.clock.set('2026-11-29T15:59:00.000Z'); // still Sunday in the county
    expect(errorCode(await award({ residentId: resident.id, ruleId: rules.CLEAN }))).toBe('RULE_CAP_REACHED');
    t.clock.set('2026-11-29T16:00:00.000Z'); // Monday 00:00, new day and new week
    expect((await award({ residentId: resident.id, ruleId: rules.CLEAN })).statusCode).toBe(201);
    t.clock.set('2026-11-28T02:00:00.000Z');
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(5);
  });

  it.each([
    ['an unknown rule', () => ({ ruleId: 999999 }), 'ruleId'],
    ['a rule of another community', () => ({ ruleId: foreignRules.VOL }), 'ruleId'],
    ['an unknown resident', () => ({ residentId: 999999 }), 'residentId'],
    ['a fractional rule id', () => ({ ruleId: 1.5 }), 'ruleId'],
    ['a string resident id', () => ({ residentId: 'abc' }), 'residentId'],
    ['a points field (not accepted: points come from the rule)', () => ({ points: 1000 }), 'points'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_label, patch, field) => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    const before = await ledgerCount(t.deps);
    const response = await award({ residentId: resident.id, ruleId: rules.FREE, ...patch() });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toContain(field);
    expect(await ledgerCount(t.deps)).toBe(before);
  });

  it("refuses awards for another community's resident (403) and without a session (401)", async () => {
    const foreign = await buildResident(t.deps, { communityId: otherCommunity.id });
    expect((await award({ residentId: foreign.id, ruleId: foreignRules.VOL })).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/points/awards',
      payload: { residentId: foreign.id, ruleId: foreignRules.VOL },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('idempotency keys', () => {
  it('replays the first response for the same key and body, refuses another body, and does not spend a key on a rejected request', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    const key = { 'idempotency-key': 'desk-award-0001' };
    const invalid = await award({ residentId: resident.id, ruleId: 'x' }, key);
    expect(invalid.statusCode).toBe(400);
    const first = await award({ residentId: resident.id, ruleId: rules.FREE }, key);
    const second = await award({ residentId: resident.id, ruleId: rules.FREE }, key);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    const reused = await award({ residentId: resident.id, ruleId: rules.CLEAN }, key);
    expect(reused.statusCode).toBe(409);
    expect(errorCode(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(1);
    // Keys belong to the staff member who sent them.
    const other = await award({ residentId: resident.id, ruleId: rules.FREE }, key, secondStaffCookie);
    expect(other.statusCode).toBe(201);
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(2);
    const malformed = await award({ residentId: resident.id, ruleId: rules.FREE }, { 'idempotency-key': 'a b' });
    expect(malformed.statusCode).toBe(400);
    expect(errorFields(malformed)).toEqual(['Idempotency-Key']);
  });

  it('does not use up a key on a business refusal (an award refused at its limit can be retried with the same key later)', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    expect((await award({ residentId: resident.id, ruleId: rules.VOL })).statusCode).toBe(201);
    const key = { 'idempotency-key': 'retry-after-limit-1' };
    expect(errorCode(await award({ residentId: resident.id, ruleId: rules.VOL }, key))).toBe('RULE_CAP_REACHED');
    t.clock.set('2026-11-29T02:00:00.000Z');
    expect((await award({ residentId: resident.id, ruleId: rules.VOL }, key)).statusCode).toBe(201);
    t.clock.set('2026-11-28T02:00:00.000Z');
  });
});

describe('adjustments need a second person; reversals correct, never edit', () => {
  it('applies an adjustment only when another staff member approves it', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    const requested = await t.app.inject({
      method: 'POST',
      url: '/api/points/adjustments',
      headers: { cookie: staffCookie },
      payload: { residentId: resident.id, delta: 15, reason: '补录10月活动积分' },
    });
    expect(requested.statusCode).toBe(201);
    expect(requested.json()).toEqual({ id: expect.any(Number), status: 'pending' });
    const id = requested.json().id;
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(0);
    const self = await t.app.inject({
      method: 'POST',
      url: `/api/points/adjustments/${id}/approve`,
      headers: { cookie: staffCookie },
    });
    expect(self.statusCode).toBe(403);
    expect(errorCode(self)).toBe('SAME_PERSON');
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(0);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/points/adjustments/${id}/approve`,
      headers: { cookie: secondStaffCookie },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', entry: { delta: 15, balanceAfter: 15 } });
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/points/adjustments/${id}/approve`,
      headers: { cookie: adminCookie },
    });
    expect(errorCode(twice)).toBe('ADJUSTMENT_NOT_PENDING');
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(1);
  });

  it.each([
    ['zero', 0],
    ['fractional', 1.5],
    ['huge', 10_000_000],
    ['non-numeric', 'ten'],
  ])('refuses a %s adjustment', async (_label, delta) => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/points/adjustments',
      headers: { cookie: staffCookie },
      payload: { residentId: resident.id, delta, reason: '测试' },
    });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toEqual(['delta']);
  });

  it('refuses a negative adjustment that would overdraw the balance, leaving it pending', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    const id = (
      await t.app.inject({
        method: 'POST',
        url: '/api/points/adjustments',
        headers: { cookie: staffCookie },
        payload: { residentId: resident.id, delta: -5, reason: '误发' },
      })
    ).json().id;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/points/adjustments/${id}/approve`,
      headers: { cookie: secondStaffCookie },
    });
    expect(errorCode(response)).toBe('INSUFFICIENT_POINTS');
    const row = await t.db
      .selectFrom('points_adjustments')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('reverses an entry once with a new entry of the opposite sign, and frees the place within the limit', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    const entry = (await award({ residentId: resident.id, ruleId: rules.VOL })).json().entry;
    const reversed = await t.app.inject({
      method: 'POST',
      url: `/api/points/entries/${entry.id}/reverse`,
      headers: { cookie: staffCookie },
      payload: { reason: '发错人了' },
    });
    expect(reversed.statusCode).toBe(201);
    expect(reversed.json().entry).toMatchObject({ delta: -12, balanceAfter: 0 }); // VOL is worth 12 since version 2
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/points/entries/${entry.id}/reverse`,
      headers: { cookie: staffCookie },
      payload: { reason: '再冲一次' },
    });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('ALREADY_REVERSED');
    const ofReversal = await t.app.inject({
      method: 'POST',
      url: `/api/points/entries/${reversed.json().entry.id}/reverse`,
      headers: { cookie: staffCookie },
      payload: { reason: 'x' },
    });
    expect(errorCode(ofReversal)).toBe('NOT_REVERSIBLE');
    expect((await award({ residentId: resident.id, ruleId: rules.VOL })).statusCode).toBe(201);
    const original = await t.db
      .selectFrom('points_ledger')
      .selectAll()
      .where('id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(original.delta).toBe(12); // the original entry is untouched
    const statement = (
      await t.app.inject({
        method: 'GET',
        url: `/api/residents/${resident.id}/points`,
        headers: { cookie: staffCookie },
      })
    ).json();
    expect(statement.entries.find((e: { id: number }) => e.id === entry.id).reversedBy).toBe(reversed.json().entry.id);
  });
});

describe('statements, the honour roll, integrity', () => {
  it('lets a resident read only their own statement, and staff only in scope', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const neighbour = await buildResident(t.deps, { communityId: community.id });
    const foreign = await buildResident(t.deps, { communityId: otherCommunity.id });
    const residentCookie = await signIn(t.app, resident.phone!);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/residents/${neighbour.id}/points`,
          headers: { cookie: residentCookie },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/residents/${foreign.id}/points`,
          headers: { cookie: staffCookie },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/residents/${foreign.id}/points`,
          headers: { cookie: adminCookie },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('ranks residents by points earned in the month with masked names; spending does not lower a place', async () => {
    const c = await buildCommunity(t.deps);
    t.clock.set('2026-09-01T00:00:00.000Z'); // rules in force since September
    const r = await buildPointsRules(t.deps, c.id, [
      { code: 'A', name: '甲', category: '其他', points: 7 },
      { code: 'B', name: '乙', category: '其他', points: 3 },
    ]);
    t.clock.set('2026-11-28T02:00:00.000Z');
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const alice = await buildResident(t.deps, { communityId: c.id, name: '欧阳明月' });
    const bob = await buildResident(t.deps, { communityId: c.id, name: '李四' });
    const carol = await buildResident(t.deps, { communityId: c.id, name: '张小红' });
    for (const [resident, rule] of [
      [alice, r.A],
      [bob, r.A],
      [carol, r.B],
    ] as const) {
      expect((await award({ residentId: resident.id, ruleId: rule }, {}, cookie)).statusCode).toBe(201);
    }
    t.clock.set('2026-10-15T02:00:00.000Z'); // an October award does not count for November
    expect((await award({ residentId: carol.id, ruleId: r.A }, {}, cookie)).statusCode).toBe(201);
    t.clock.set('2026-11-28T02:00:00.000Z');
    const { spendPoints } = await import('../src/modules/points/points.service.js');
    await t.db.transaction().execute((trx) =>
      spendPoints(trx, t.deps, {
        actor: null,
        residentId: bob.id,
        amount: 5,
        kind: 'redemption',
        refType: 'test',
        refId: '1',
        reason: '兑换热水壶',
        idempotencyKey: 'spend-bob-1',
      }),
    );
    const board = (
      await t.app.inject({ method: 'GET', url: `/api/public/leaderboard?communityId=${c.id}&period=month&at=2026-11` })
    ).json();
    expect(board).toEqual([
      { rank: 1, nameMasked: '欧**月', points: 7 },
      { rank: 1, nameMasked: '李*', points: 7 },
      { rank: 3, nameMasked: '张*红', points: 3 },
    ]);
    const year = (
      await t.app.inject({ method: 'GET', url: `/api/public/leaderboard?communityId=${c.id}&period=year` })
    ).json();
    expect(year[0]).toEqual({ rank: 1, nameMasked: '张*红', points: 10 });
    const window = await t.app.inject({
      method: 'GET',
      url: `/api/public/leaderboard/window?communityId=${c.id}&period=month&at=2026-11`,
    });
    expect(window.statusCode).toBe(200);
    expect(window.json()).toEqual({
      label: '2026-11',
      from: '2026-10-31T16:00:00.000Z',
      to: '2026-11-30T16:00:00.000Z',
    });
    expect(JSON.stringify(year)).not.toMatch(/欧阳明月|李四|张小红/);
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/public/leaderboard?communityId=${c.id}&period=month&at=2026`,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('reports integrity to the center admin only', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/points/integrity', headers: { cookie: staffCookie } }))
        .statusCode,
    ).toBe(403);
    const report = (
      await t.app.inject({ method: 'GET', url: '/api/points/integrity', headers: { cookie: adminCookie } })
    ).json();
    expect(report).toMatchObject({ ok: true, mismatches: [] });
    expect(report.entries).toBeGreaterThan(5);
    expect(report.rootHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses UPDATE and DELETE on the ledger in the database itself', async () => {
    await expect(t.db.updateTable('points_ledger').set({ delta: 1000 }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('points_ledger').execute()).rejects.toThrow(/append-only/);
    const report = await checkLedgerIntegrity(t.db, t.clock.now());
    expect(report.ok).toBe(true);
  });

  it("sees a ledger row changed behind the application's back (trigger dropped)", async () => {
    const { t: tampered, close } = await freshTamperApp();
    try {
      const report = await checkLedgerIntegrity(tampered.db, tampered.clock.now());
      expect(report.ok).toBe(false);
      expect(report.mismatches.map((m) => m.problem)).toEqual(
        expect.arrayContaining(['HASH_MISMATCH', 'BALANCE_MISMATCH']),
      );
    } finally {
      await close();
    }
  });
});

/** A separate database where a test drops the append-only trigger and edits a ledger row, as someone with database access might. */
async function freshTamperApp() {
  const other = await createTestApp();
  const c = await buildCommunity(other.deps);
  const r = await buildPointsRules(other.deps, c.id, [{ code: 'A', name: '甲', category: '其他', points: 5 }]);
  const cookie = await signIn(other.app, (await buildStaff(other.deps, c.id)).phone);
  const resident = await buildResident(other.deps, { communityId: c.id });
  for (let i = 0; i < 3; i++)
    await other.app.inject({
      method: 'POST',
      url: '/api/points/awards',
      headers: { cookie },
      payload: { residentId: resident.id, ruleId: r.A },
    });
  expect((await checkLedgerIntegrity(other.db, other.clock.now())).ok).toBe(true);
  if (other.deps.dialect === 'sqlite') await sql`DROP TRIGGER points_ledger_no_update`.execute(other.db);
  else await sql`DROP TRIGGER points_ledger_append_only ON points_ledger`.execute(other.db);
  const entry = await other.db
    .selectFrom('points_ledger')
    .select('id')
    .where('resident_id', '=', resident.id)
    .orderBy('seq')
    .executeTakeFirstOrThrow();
  await other.db.updateTable('points_ledger').set({ delta: 500 }).where('id', '=', entry.id).execute();
  return { t: other, close: other.close };
}
