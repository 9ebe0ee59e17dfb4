import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import { actorOf, buildCommunity, buildPointsRules, buildResident, buildStaff } from './support/factories.js';
import { expectLedgerInvariants, ledgerCount } from './support/ledger.js';
import { naiveLimitedAward, naiveIdempotentAward, naiveSpend } from './support/naive-points.js';
import { onPostgres, raceControl } from './support/database.js';
import { checkLedgerIntegrity } from '../src/modules/points/points.integrity.js';
import { awardByRule, spendPoints } from '../src/modules/points/points.service.js';
import type { Actor } from '../src/platform/actor.js';

/**
 * Concurrency guarantees of the points ledger, fired as concurrent requests and checked in SQL
 * afterwards — on SQLite and (server:postgres) on PostgreSQL with a pool of real connections.
 * Each scenario is also run against a deliberately naive implementation that checks inside its
 * transaction: on PostgreSQL the test must catch it breaking the invariant; on SQLite, which runs
 * one write transaction at a time, it shows the check holding (see raceControl).
 */
let t: TestApp;
let communityId: number;
let staff: { id: number; phone: string };
let staffActor: Actor;
let cookie: string;
let rules: Record<'FREE' | 'LIMIT3', number>;

beforeAll(async () => {
  t = await createTestApp();
  communityId = (await buildCommunity(t.deps)).id;
  staff = await buildStaff(t.deps, communityId);
  staffActor = await actorOf(t.deps, staff);
  cookie = await signIn(t.app, staff.phone);
  rules = await buildPointsRules(t.deps, communityId, [
    { code: 'FREE', name: '不限次数', category: '其他', points: 10 },
    { code: 'LIMIT3', name: '每天3次', category: '其他', points: 10, caps: { perDay: 3 } },
  ]);
});
afterAll(() => t.close());

type Outcome = { ok: boolean; status: number; body: unknown };
async function settle(attempts: (() => Promise<{ status: number; body: unknown }>)[]): Promise<Outcome[]> {
  const results = await Promise.allSettled(attempts.map((attempt) => attempt()));
  return results.map((r) =>
    r.status === 'fulfilled'
      ? { ok: r.value.status < 300, status: r.value.status, body: r.value.body }
      : { ok: false, status: (r.reason as { status?: number }).status ?? 500, body: String(r.reason) },
  );
}

/** Cached balance = sum of entries (and chains verify) — reported, not asserted, so controls can show what broke. */
async function ledgerHealthy(): Promise<boolean> {
  return (await checkLedgerIntegrity(t.db, t.clock.now())).ok;
}

describe('one idempotency key, 50 concurrent requests', () => {
  const scenario = async (fire: (residentId: number) => Promise<{ status: number; body: unknown }>[]) => {
    const resident = await buildResident(t.deps, { communityId });
    const outcomes = await settle(fire(resident.id).map((p) => () => p));
    return { outcomes, entries: await ledgerCount(t.deps, { residentId: resident.id }) };
  };

  it('writes exactly one entry and answers all 50 identically', async () => {
    const { outcomes, entries } = await scenario((residentId) =>
      Array.from({ length: 50 }, () =>
        t.app
          .inject({
            method: 'POST',
            url: '/api/points/awards',
            headers: { cookie, 'idempotency-key': `same-key-${residentId}` },
            payload: { residentId, ruleId: rules.FREE },
          })
          .then((r) => ({ status: r.statusCode, body: r.json() })),
      ),
    );
    expect(entries).toBe(1);
    expect(outcomes.every((o) => o.status === 201)).toBe(true);
    expect(new Set(outcomes.map((o) => JSON.stringify(o.body))).size).toBe(1);
    await expectLedgerInvariants(t.deps);
  });

  it(
    raceControl(
      'look-then-do idempotency inside a transaction writes more than one entry',
      'look-then-do idempotency inside a transaction writes one entry',
    ),
    async () => {
      const { entries } = await scenario((residentId) =>
        Array.from({ length: 50 }, () =>
          naiveIdempotentAward(t.deps, {
            actor: staffActor,
            residentId,
            ruleId: rules.FREE,
            key: `naive-key-${residentId}`,
          }),
        ),
      );
      if (onPostgres) expect(entries).toBeGreaterThan(1);
      else expect(entries).toBe(1);
    },
  );
});

describe('100 concurrent awards against a limit of 3 a day', () => {
  it('awards exactly 3 and refuses 97 with RULE_CAP_REACHED', async () => {
    const resident = await buildResident(t.deps, { communityId });
    const outcomes = await settle(
      Array.from(
        { length: 100 },
        () => () =>
          t.app
            .inject({
              method: 'POST',
              url: '/api/points/awards',
              headers: { cookie },
              payload: { residentId: resident.id, ruleId: rules.LIMIT3 },
            })
            .then((r) => ({ status: r.statusCode, body: r.json() })),
      ),
    );
    expect(outcomes.filter((o) => o.status === 201)).toHaveLength(3);
    expect(
      outcomes.filter(
        (o) => o.status === 409 && (o.body as { error: { code: string } }).error.code === 'RULE_CAP_REACHED',
      ),
    ).toHaveLength(97);
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(3);
    const usage = await t.db
      .selectFrom('points_limit_usage')
      .select(['period', 'count'])
      .where('resident_id', '=', resident.id)
      .execute();
    expect(usage).toEqual([expect.objectContaining({ count: 3 })]);
    await expectLedgerInvariants(t.deps);
  });

  it(
    raceControl(
      'count-then-insert inside a transaction awards more than 3',
      'count-then-insert inside a transaction awards 3',
    ),
    async () => {
      const resident = await buildResident(t.deps, { communityId });
      await settle(
        Array.from(
          { length: 100 },
          () => () =>
            naiveLimitedAward(t.deps, {
              actor: staffActor,
              residentId: resident.id,
              ruleId: rules.LIMIT3,
              limit: 3,
            }).then(() => ({ status: 201, body: null })),
        ),
      );
      const awarded = await ledgerCount(t.deps, { residentId: resident.id });
      if (onPostgres) expect(awarded).toBeGreaterThan(3);
      else expect(awarded).toBe(3);
    },
  );
});

describe('concurrent spends against a balance that covers only one', () => {
  const fund = async () => {
    const resident = await buildResident(t.deps, { communityId });
    await t.db
      .transaction()
      .execute((trx) => awardByRule(trx, t.deps, { actor: staffActor, residentId: resident.id, ruleId: rules.FREE }));
    return resident; // balance 10
  };

  it('lets exactly one through; the balance never goes below zero', async () => {
    const resident = await fund();
    const outcomes = await settle(
      Array.from(
        { length: 30 },
        (_, i) => () =>
          t.db
            .transaction()
            .execute((trx) =>
              spendPoints(trx, t.deps, {
                actor: staffActor,
                residentId: resident.id,
                amount: 8,
                kind: 'redemption',
                refType: 'test',
                refId: String(i),
                reason: '兑换',
                idempotencyKey: `spend-${resident.id}-${i}`,
              }),
            )
            .then((body) => ({ status: 201, body })),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).every((o) => o.status === 409)).toBe(true);
    const balance = await t.db
      .selectFrom('points_balances')
      .select('balance')
      .where('resident_id', '=', resident.id)
      .executeTakeFirstOrThrow();
    expect(balance.balance).toBe(2);
    await expectLedgerInvariants(t.deps);
  });

  // Runs last in this file: on PostgreSQL it leaves this database's ledger deliberately broken.
  it(
    raceControl(
      'read-modify-write inside a transaction lets several through and the ledger no longer adds up',
      'read-modify-write inside a transaction lets one through',
    ),
    async () => {
      const resident = await fund();
      const outcomes = await settle(
        Array.from(
          { length: 30 },
          () => () =>
            naiveSpend(t.deps, { residentId: resident.id, amount: 8 }).then(() => ({ status: 201, body: null })),
        ),
      );
      const sum = await t.db
        .selectFrom('points_ledger')
        .select((eb) => eb.fn.sum<number>('delta').as('total'))
        .where('resident_id', '=', resident.id)
        .executeTakeFirstOrThrow();
      if (onPostgres) {
        expect(outcomes.filter((o) => o.ok).length).toBeGreaterThan(1);
        expect(Number(sum.total)).toBeLessThan(0);
        expect(await ledgerHealthy()).toBe(false);
      } else {
        expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
        expect(Number(sum.total)).toBe(2);
        expect(await ledgerHealthy()).toBe(true);
      }
    },
  );
});
