import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMemberCode } from '@zhongli/domain';
import { createTestApp, quickCookie, type TestApp } from './support/app.js';
import { buildCommunity, buildService } from './support/factories.js';
import { naiveBookInTransaction, naiveBookWithoutTransaction } from './support/naive-services.js';
import { expectExactBookings } from './support/invariants.js';
import { insertUser } from '../src/modules/accounts/accounts.repository.js';
import { insertResident } from '../src/modules/residents/residents.repository.js';

/**
 * The moment booking opens is a flash crowd. One session of 25 places; 400 eligible seniors and
 * 100 residents too young; every request fired at once, a tenth of the seniors tapping 2–5 times
 * (some retrying with the same Idempotency-Key). Afterwards: exactly 25 bookings, nobody twice,
 * nobody ineligible, every loser a 409 or 403 with a code, no 5xx, queue numbers 1–25 unique.
 *
 * The negative control is the bug the test is for: count the bookings, then insert. With the
 * count inside the transaction it overbooks only where transactions really overlap — PostgreSQL;
 * SQLite (Kysely runs one transaction at a time there) cannot show that race, and its control says so.
 */
let t: TestApp;
/** Which database this run is on (support/database.ts): the controls differ. */
const onPostgres = process.env.ZL_TEST_DB === 'postgres';
let sessionId: number;
let serviceId: number;
let people: { residentId: number; cookie: string; eligible: boolean }[];

beforeAll(async () => {
  t = await createTestApp();
  const community = await buildCommunity(t.deps, '苗圃社区');
  serviceId = (
    await buildService(t.deps, {
      communityId: community.id,
      name: '1元理发屋',
      schedule: { daysOfMonth: [5], sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 25 }] },
      bookingOpensDaysAhead: 7,
    })
  ).id;
  sessionId = (
    await t.app.inject({
      method: 'GET',
      url: `/api/public/services/${serviceId}/sessions?from=2026-12-01&to=2026-12-05`,
    })
  ).json()[0].id;
  people = [];
  const at = t.clock.now().toISOString();
  await t.db.transaction().execute(async (trx) => {
    for (let i = 0; i < 500; i++) {
      const eligible = i < 400;
      const userId = await insertUser(trx, {
        name: `居民${i}`,
        phone: `1770000${String(i).padStart(4, '0')}`,
        passwordHash: null,
        createdAt: at,
      });
      const residentId = await insertResident(trx, {
        communityId: community.id,
        userId,
        name: `居民${i}`,
        memberCode: makeMemberCode(),
        birthDate: eligible ? '1955-03-03' : '1980-03-03',
        gender: null,
        idNumberMasked: null,
        idNumberDigest: null,
        createdBy: null,
        at,
      });
      people.push({ residentId, cookie: String(userId), eligible });
    }
  });
  for (const p of people) p.cookie = await quickCookie(t, Number(p.cookie));
}, 120_000);
afterAll(() => t.close());

describe('the flash crowd when booking opens', () => {
  it('gives exactly 25 places to 25 different eligible seniors', async () => {
    const requests: Promise<{ status: number; code?: string; residentId: number; eligible: boolean }>[] = [];
    for (const [i, p] of people.entries()) {
      const taps = p.eligible && i % 10 === 0 ? 2 + (i % 4) : 1; // a tenth tap 2–5 times
      for (let tap = 0; tap < taps; tap++) {
        const sameKey = i % 20 === 0; // some retries carry the same Idempotency-Key
        const headers: Record<string, string> = {
          cookie: p.cookie,
          ...(sameKey ? { 'idempotency-key': `tap-${p.residentId}-000` } : {}),
        };
        requests.push(
          t.app.inject({ method: 'POST', url: '/api/bookings', headers, payload: { sessionId } }).then((r) => ({
            status: r.statusCode,
            code: r.statusCode >= 300 ? r.json().error?.code : undefined,
            residentId: p.residentId,
            eligible: p.eligible,
          })),
        );
      }
    }
    const outcomes = await Promise.all(requests);
    expect(outcomes.filter((o) => o.status >= 500)).toEqual([]);
    for (const o of outcomes.filter((x) => x.status >= 300)) {
      expect([403, 409]).toContain(o.status);
      expect(o.code).toMatch(/^(SESSION_FULL|ALREADY_BOOKED|NOT_ELIGIBLE)$/);
    }
    expect(outcomes.filter((o) => !o.eligible).every((o) => o.status === 403 && o.code === 'NOT_ELIGIBLE')).toBe(true);

    const bookings = await expectExactBookings(t.deps, sessionId, 25);
    const eligibleIds = new Set(people.filter((p) => p.eligible).map((p) => p.residentId));
    expect(bookings.every((b) => eligibleIds.has(b.resident_id))).toBe(true);
    // Every 201 belongs to one of the 25 (replays of the same key included), and each winner heard it.
    const winners = new Set(outcomes.filter((o) => o.status === 201).map((o) => o.residentId));
    expect(winners).toEqual(new Set(bookings.map((b) => b.resident_id)));
  }, 120_000);

  /** A fresh session for a control: the naive code shares nothing with the real one but the table. */
  async function controlSession(date: string) {
    const { id } = await t.db
      .insertInto('service_sessions')
      .values({
        service_id: serviceId,
        date,
        period: '对照',
        starts_at: `${date}T00:30:00.000Z`,
        ends_at: `${date}T03:30:00.000Z`,
        capacity: 25,
        booking_opens_at: '2026-11-28T00:00:00.000Z',
        scope: 'community',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }
  async function crowdOn(sessionId: number, book: typeof naiveBookInTransaction) {
    const crowd = people.filter((p) => p.eligible).slice(0, 200);
    await Promise.allSettled(crowd.map((p) => book(t.deps, { sessionId, serviceId, residentId: p.residentId })));
    const booked = await t.db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    return Number(booked.n);
  }

  // One test on each database, named for what it can show there: no run skips it.
  it(
    onPostgres
      ? 'control (PostgreSQL): count-then-insert, the count inside the transaction, overbooks under the same crowd'
      : 'control (SQLite, one transaction at a time): count-then-insert overbooks with the count outside the transaction; inside it, it cannot race here — that case only the PostgreSQL run can catch',
    async () => {
      if (onPostgres) {
        expect(t.deps.dialect).toBe('postgres');
        expect(await crowdOn(await controlSession('2027-01-05'), naiveBookInTransaction)).toBeGreaterThan(25);
      } else {
        expect(t.deps.dialect).toBe('sqlite');
        expect(await crowdOn(await controlSession('2027-01-05'), naiveBookWithoutTransaction)).toBeGreaterThan(25);
        expect(await crowdOn(await controlSession('2027-01-15'), naiveBookInTransaction)).toBe(25);
      }
    },
    60_000,
  );
});
