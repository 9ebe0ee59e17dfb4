import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMemberCode } from '@zhongli/domain';
import { createTestApp, errorCode, quickCookie, type TestApp } from './support/app.js';
import { actorOf, buildCommunity, buildService } from './support/factories.js';
import { expectExactBookings } from './support/invariants.js';
import { naiveBookFromRead } from './support/naive-services.js';
import { countStatements } from './support/statement-count.js';
import { insertUser } from '../src/modules/accounts/accounts.repository.js';
import { insertResident } from '../src/modules/residents/residents.repository.js';
import { bookPrepared, bookServiceSession, prepareBooking } from '../src/modules/services/bookings.service.js';

/**
 * A booking is decided before the write lock (issue 15, the flash crowd): what can be refused from
 * a read is refused there, and the transaction — SQLite's single writer — only takes the place and
 * writes. Counted here with a Kysely plugin on `deps.db` (support/statement-count.ts): how many
 * statements a refused booking runs inside a transaction, against the all-in-one-transaction path
 * the route used before (`bookServiceSession`, still used by the walk-in from another queue).
 */
let t: TestApp;
let communityId: number;
let serviceId: number;
let otherServiceId: number;
let n = 0;

interface Person {
  userId: number;
  residentId: number;
  phone: string;
  cookie: string;
}

async function people(count: number, attrs: { birthDate?: string; communityId?: number } = {}): Promise<Person[]> {
  const at = t.clock.now().toISOString();
  const made = await t.db.transaction().execute(async (trx) => {
    const rows: Omit<Person, 'cookie'>[] = [];
    for (let i = 0; i < count; i++) {
      const phone = `1760000${String(n++).padStart(4, '0')}`;
      const userId = await insertUser(trx, { name: `居民${phone}`, phone, passwordHash: null, createdAt: at });
      const residentId = await insertResident(trx, {
        communityId: attrs.communityId ?? communityId,
        userId,
        name: `居民${phone}`,
        memberCode: makeMemberCode(),
        birthDate: attrs.birthDate ?? '1955-03-03',
        gender: null,
        idNumberMasked: null,
        idNumberDigest: null,
        createdBy: null,
        at,
      });
      rows.push({ userId, residentId, phone });
    }
    return rows;
  });
  return Promise.all(made.map(async (p) => ({ ...p, cookie: await quickCookie(t, p.userId) })));
}

/** A fresh session of the service (its own date), `capacity` places, open for booking. */
let day = 0;
async function freshSession(capacity: number, service = serviceId) {
  const date = `2027-02-${String(++day).padStart(2, '0')}`;
  const { id } = await t.db
    .insertInto('service_sessions')
    .values({
      service_id: service,
      date,
      period: '上午',
      starts_at: `${date}T00:30:00.000Z`,
      ends_at: `${date}T03:30:00.000Z`,
      capacity,
      booking_opens_at: '2026-11-28T00:00:00.000Z',
      scope: 'community',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const book = (p: Person, sessionId: number, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/bookings',
    headers: { cookie: p.cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload: { sessionId },
  });

async function bookedOf(sessionId: number) {
  const s = await t.db
    .selectFrom('service_sessions')
    .select(['booked', 'queue_seq'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const rows = await t.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return { booked: s.booked, queueSeq: s.queue_seq, rows: Number(rows.n) };
}

async function fill(sessionId: number, crowd: Person[]) {
  for (const p of crowd) expect((await book(p, sessionId)).statusCode).toBe(201);
}

beforeAll(async () => {
  t = await createTestApp();
  communityId = (await buildCommunity(t.deps, '苗圃社区')).id;
  serviceId = (await buildService(t.deps, { communityId, name: '1元理发屋' })).id;
  // A service with a monthly limit: the limit is used in the writer, after the place.
  otherServiceId = (await buildService(t.deps, { communityId, name: '健康小屋', monthlyLimit: 1 })).id;
}, 60_000);
afterAll(() => t.close());

describe('a refused booking outside the writer', () => {
  it('refuses a full session from a read: no transaction at all, where the all-in-one-transaction path spent 7 statements in the writer', async () => {
    const sessionId = await freshSession(2);
    const [a, b, late] = await people(3);
    await fill(sessionId, [a!, b!]);
    const before = await bookedOf(sessionId);

    const { result: response, count, inWriter } = await countStatements(t.deps, () => book(late!, sessionId));
    expect(response.statusCode).toBe(409);
    expect(errorCode(response)).toBe('SESSION_FULL');
    expect(count.transactions).toBe(0);
    expect(inWriter).toBe(0);

    // The same refusal through the path the route took before: every read inside BEGIN … ROLLBACK.
    const actor = await actorOf(t.deps, { id: late!.userId, phone: late!.phone });
    const before7 = await countStatements(t.deps, () =>
      t.deps.db
        .transaction()
        .execute((trx) => bookServiceSession(trx, t.deps, { actor, data: { sessionId } }))
        .then(
          () => 'booked',
          (e: { code?: string }) => e.code,
        ),
    );
    expect(before7.result).toBe('SESSION_FULL');
    expect(before7.count.transactions).toBe(1);
    // BEGIN, session, service, resident, the resident's row, the conditional UPDATE, ROLLBACK.
    expect(before7.inWriter).toBe(7);
    expect(await bookedOf(sessionId)).toEqual(before);
  });

  it('refuses the too young and another community’s senior with NOT_ELIGIBLE, ahead of SESSION_FULL, outside the writer', async () => {
    const sessionId = await freshSession(1);
    const [winner] = await people(1);
    const [young] = await people(1, { birthDate: '1980-01-01' });
    const outsider = (await people(1, { communityId: (await buildCommunity(t.deps)).id }))[0]!;
    await fill(sessionId, [winner!]);
    for (const [p, reason] of [
      [young!, 'AGE'],
      [outsider, 'SCOPE'],
    ] as const) {
      const { result: response, inWriter } = await countStatements(t.deps, () => book(p, sessionId));
      expect(response.statusCode).toBe(403);
      expect(errorCode(response)).toBe('NOT_ELIGIBLE');
      expect(response.json().error.reason).toBe(reason);
      expect(inWriter).toBe(0);
    }
    // A second tap of the winner: ALREADY_BOOKED with the number, from the read.
    const { result: again, inWriter } = await countStatements(t.deps, () => book(winner!, sessionId));
    expect(errorCode(again)).toBe('ALREADY_BOOKED');
    expect(again.json().error.queueNumber).toBe(1);
    expect(inWriter).toBe(0);
    expect(await bookedOf(sessionId)).toEqual({ booked: 1, queueSeq: 1, rows: 1 });
  });

  it('a request that read a free place and lost it in the writer: the UPDATE and one read, then SESSION_FULL, nothing written', async () => {
    const sessionId = await freshSession(1);
    const [slow, fast] = await people(2);
    const actor = await actorOf(t.deps, { id: slow!.userId, phone: slow!.phone });
    const prepared = await prepareBooking({ deps: t.deps, actor, data: { sessionId } });
    await fill(sessionId, [fast!]); // takes the last place between the read and the write
    const { result, inWriter, count } = await countStatements(t.deps, () =>
      t.deps.db
        .transaction()
        .execute((trx) => bookPrepared(trx, t.deps, { actor, prepared }))
        .then(
          () => 'booked',
          (e: { code?: string }) => e.code,
        ),
    );
    expect(result).toBe('SESSION_FULL');
    expect(count.transactions).toBe(1);
    // BEGIN, the conditional UPDATE (no row), the session read that names the refusal, ROLLBACK.
    expect(inWriter).toBe(4);
    expect(await bookedOf(sessionId)).toEqual({ booked: 1, queueSeq: 1, rows: 1 });
  });
});

describe('a winner is judged again inside the writer', () => {
  it('refuses, and rolls the place back, when the resident was archived or the scope narrowed after the read', async () => {
    const sessionId = await freshSession(3);
    const [archived, outsider] = await people(2);

    const actor = await actorOf(t.deps, { id: archived!.userId, phone: archived!.phone });
    const prepared = await prepareBooking({ deps: t.deps, actor, data: { sessionId } });
    await t.db
      .updateTable('residents')
      .set({ archived_at: t.clock.now().toISOString(), archive_reason: 'moved', archived_on: '2026-11-28' })
      .where('id', '=', archived!.residentId)
      .execute();
    await expect(
      t.deps.db.transaction().execute((trx) => bookPrepared(trx, t.deps, { actor, prepared })),
    ).rejects.toMatchObject({ code: 'RESIDENT_ARCHIVED' });

    // Read while the session was the community's; the resident moved to another community since.
    const actor2 = await actorOf(t.deps, { id: outsider!.userId, phone: outsider!.phone });
    const prepared2 = await prepareBooking({ deps: t.deps, actor: actor2, data: { sessionId } });
    const elsewhere = (await buildCommunity(t.deps)).id;
    await t.db
      .updateTable('residents')
      .set({ community_id: elsewhere })
      .where('id', '=', outsider!.residentId)
      .execute();
    await expect(
      t.deps.db.transaction().execute((trx) => bookPrepared(trx, t.deps, { actor: actor2, prepared: prepared2 })),
    ).rejects.toMatchObject({ code: 'NOT_ELIGIBLE' });

    expect(await bookedOf(sessionId)).toEqual({ booked: 0, queueSeq: 0, rows: 0 });
  });

  it('uses the monthly limit in the writer: a second booking of the month is refused there and gives its place back', async () => {
    const first = await freshSession(5, otherServiceId);
    const second = await freshSession(5, otherServiceId);
    const [p] = await people(1);
    expect((await book(p!, first)).statusCode).toBe(201);
    const response = await book(p!, second);
    expect(response.statusCode).toBe(409);
    expect(errorCode(response)).toBe('LIMIT_REACHED');
    expect(await bookedOf(second)).toEqual({ booked: 0, queueSeq: 0, rows: 0 });
  });
});

describe('Idempotency-Key with a refusal decided before the transaction', () => {
  it('replays the 201 to a retry after the session filled; a new key is refused and not kept', async () => {
    const sessionId = await freshSession(1);
    const [p, q] = await people(2);
    const first = await book(p!, sessionId, 'tap-flash-0001');
    expect(first.statusCode).toBe(201);
    // The read now says both "already booked" and "full": the used key wins and replays.
    const retry = await book(p!, sessionId, 'tap-flash-0001');
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    // The same key for another request is still IDEMPOTENCY_KEY_REUSED, not the pre-refusal.
    const other = await freshSession(1);
    const reused = await book(p!, other, 'tap-flash-0001');
    expect(errorCode(reused)).toBe('IDEMPOTENCY_KEY_REUSED');

    const refused = await book(q!, sessionId, 'tap-flash-0002');
    expect(errorCode(refused)).toBe('SESSION_FULL');
    const kept = await t.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('actor_user_id', '=', q!.userId)
      .execute();
    expect(kept).toEqual([]);
    expect(await bookedOf(sessionId)).toEqual({ booked: 1, queueSeq: 1, rows: 1 });
    expect(await bookedOf(other)).toEqual({ booked: 0, queueSeq: 0, rows: 0 });
  });
});

describe('the flash crowd against the read-before-the-lock path', () => {
  it('gives exactly the places to eligible seniors; every other senior hears SESSION_FULL, the too young NOT_ELIGIBLE', async () => {
    const sessionId = await freshSession(10);
    const seniors = await people(80);
    const young = await people(20, { birthDate: '1985-05-05' });
    const crowd = [...seniors, ...young].sort((a, b) => ((a.residentId * 7919) % 101) - ((b.residentId * 7919) % 101));
    const outcomes = await Promise.all(
      crowd.map(async (p) => {
        const r = await book(p, sessionId);
        return { p, status: r.statusCode, code: r.statusCode >= 300 ? errorCode(r) : undefined };
      }),
    );
    const youngIds = new Set(young.map((p) => p.residentId));
    const winners = outcomes.filter((o) => o.status === 201);
    expect(winners).toHaveLength(10);
    expect(winners.every((o) => !youngIds.has(o.p.residentId))).toBe(true);
    for (const o of outcomes.filter((x) => x.status !== 201)) {
      if (youngIds.has(o.p.residentId)) expect([o.status, o.code]).toEqual([403, 'NOT_ELIGIBLE']);
      else expect([o.status, o.code]).toEqual([409, 'SESSION_FULL']);
    }
    const rows = await expectExactBookings(t.deps, sessionId, 10);
    expect(new Set(rows.map((r) => r.resident_id))).toEqual(new Set(winners.map((o) => o.p.residentId)));
  });

  it('control: deciding "a place is free" from the read and writing without the conditional UPDATE overbooks under the same crowd, on either database', async () => {
    const sessionId = await freshSession(10);
    const seniors = await people(80);
    await Promise.allSettled(
      seniors.map((p) => naiveBookFromRead(t.deps, { sessionId, serviceId, residentId: p.residentId })),
    );
    expect((await bookedOf(sessionId)).rows).toBeGreaterThan(10);
  });
});
