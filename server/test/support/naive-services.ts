import type { AppDeps, Trx } from '../../src/platform/deps.js';

/**
 * Deliberately naive bookings (count-then-insert), used only as the flash-crowd test's negative
 * controls: the race the real booking's conditional UPDATE closes. Never import these outside tests.
 */
type NaiveBooking = { sessionId: number; serviceId: number; residentId: number };

async function countThenInsert(db: AppDeps['db'] | Trx, o: NaiveBooking) {
  const session = await db
    .selectFrom('service_sessions')
    .select(['capacity'])
    .where('id', '=', o.sessionId)
    .executeTakeFirstOrThrow();
  const booked = await db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', o.sessionId)
    .where('state', '!=', 'cancelled')
    .executeTakeFirstOrThrow();
  if (Number(booked.n) >= session.capacity) throw Object.assign(new Error('full'), { status: 409 });
  // The gap between counting and writing that a real request has.
  await new Promise((resolve) => setTimeout(resolve, 2));
  await insertBooking(db, o);
}

/** The naive variants' write: a waiting booking, no condition on the places left. */
async function insertBooking(db: AppDeps['db'] | Trx, o: NaiveBooking) {
  const at = new Date().toISOString();
  await db
    .insertInto('bookings')
    .values({
      session_id: o.sessionId,
      service_id: o.serviceId,
      resident_id: o.residentId,
      state: 'waiting',
      queue_number: 1000 + o.residentId,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/**
 * The check INSIDE the transaction that writes — what a careless use case looks like. On
 * PostgreSQL (READ COMMITTED) concurrent transactions each count before the others commit, so it
 * overbooks; SQLite runs one transaction at a time, so there it cannot.
 */
export function naiveBookInTransaction(deps: AppDeps, o: NaiveBooking) {
  return deps.db.transaction().execute((trx) => countThenInsert(trx, o));
}

/** The count outside any transaction and the insert after it: overbooks on either database. */
export function naiveBookWithoutTransaction(deps: AppDeps, o: NaiveBooking) {
  return countThenInsert(deps.db, o);
}

/**
 * A careless regeneration (the services edit's negative control): looks at the session's places,
 * and — after the gap a real request has — deletes it without asking again. A booking that lands
 * in between makes the delete fail on the booking's foreign key (PostgreSQL); the real edit claims
 * the session with a conditional write instead and keeps it.
 */
export function naiveRemoveSession(deps: AppDeps, sessionId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const s = await trx
      .selectFrom('service_sessions')
      .select(['booked'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    if (s.booked > 0) return false;
    // A slow request: its gap lasts until a booking has landed (or half a second). On SQLite this
    // transaction holds the write lock, so nothing lands and the gap simply runs out.
    for (let waited = 0; waited < 500; waited += 10) {
      const now = await trx
        .selectFrom('service_sessions')
        .select('booked')
        .where('id', '=', sessionId)
        .executeTakeFirst();
      if (now && now.booked > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await trx.deleteFrom('rota_assignments').where('session_id', '=', sessionId).execute();
    await trx.deleteFrom('service_sessions').where('id', '=', sessionId).execute();
    return true;
  });
}

/**
 * The flash crowd's fast path done carelessly: "a place is free" decided from a read before the
 * transaction (as `prepareBooking` does), then the booking written without asking again (no
 * conditional UPDATE of the session's places). The gap between the read and the writer exists on
 * both databases, so it overbooks on either; the real `bookPrepared` takes the place with
 * `takePlace`'s conditional UPDATE in the writer.
 */
export async function naiveBookFromRead(deps: AppDeps, o: NaiveBooking) {
  const session = await deps.db
    .selectFrom('service_sessions')
    .select(['capacity'])
    .where('id', '=', o.sessionId)
    .executeTakeFirstOrThrow();
  const booked = await deps.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', o.sessionId)
    .executeTakeFirstOrThrow();
  if (Number(booked.n) >= session.capacity) throw Object.assign(new Error('full'), { status: 409 });
  // The gap between the read and the writer that a real request has (its turn for the lock).
  await new Promise((resolve) => setTimeout(resolve, 2));
  await deps.db.transaction().execute((trx) => insertBooking(trx, o));
}
