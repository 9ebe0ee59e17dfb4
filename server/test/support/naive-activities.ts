import { randomUUID } from 'node:crypto';
import type { AppDeps, Db, Trx } from '../../src/platform/deps.js';
import type { Actor } from '../../src/platform/actor.js';
import { grantAward } from '../../src/modules/points/points.service.js';
import { findResident } from '../../src/modules/residents/residents.repository.js';

/**
 * Deliberately naive sign-up and check-in, used only as negative controls for the concurrency tests:
 * each concurrency test must fail against them, which proves it can catch the race it is about.
 *
 * `inTransaction` (the default) is the bug a use case would really have: the check and the write
 * in ONE transaction. PostgreSQL (READ COMMITTED) lets concurrent transactions all check before any
 * commits, so the control breaks there; SQLite runs one transaction at a time, so there it cannot
 * race. `inTransaction: false` checks outside any transaction — the only race SQLite lets through.
 */
interface Naive {
  inTransaction?: boolean;
}

/** The gap between checking and writing that a real request has (a round trip, a busy event loop). */
const gap = () => new Promise((resolve) => setTimeout(resolve, 2));

function run<T>(deps: AppDeps, inTransaction: boolean, work: (db: Db | Trx) => Promise<T>): Promise<T> {
  return inTransaction ? deps.db.transaction().execute(work) : work(deps.db);
}

/** Capacity by count-then-insert: counts the registered, then inserts as registered or waitlisted. */
export async function naiveRegister(
  deps: AppDeps,
  { activityId, residentId, inTransaction = true }: { activityId: number; residentId: number } & Naive,
) {
  await run(deps, inTransaction, async (db) => {
    const activity = await db
      .selectFrom('activities')
      .select('capacity')
      .where('id', '=', activityId)
      .executeTakeFirstOrThrow();
    const registered = await db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_id', '=', activityId)
      .where('status', '=', 'registered')
      .executeTakeFirstOrThrow();
    const waitlisted = await db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_id', '=', activityId)
      .where('status', '=', 'waitlisted')
      .executeTakeFirstOrThrow();
    const full = activity.capacity != null && Number(registered.n) >= activity.capacity;
    await gap();
    const at = new Date().toISOString();
    await db
      .insertInto('registrations')
      .values({
        activity_id: activityId,
        resident_id: residentId,
        status: full ? 'waitlisted' : 'registered',
        waitlist_position: full ? Number(waitlisted.n) + 1 : null,
        registered_by: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  });
}

/** Points by look-then-award: looks for a check-in, awards the points, then records the check-in. */
export async function naiveCheckIn(
  deps: AppDeps,
  {
    actor,
    activityId,
    residentId,
    ruleId,
    inTransaction = true,
  }: { actor: Actor; activityId: number; residentId: number; ruleId: number } & Naive,
) {
  const award = (trx: Trx, resident: NonNullable<Awaited<ReturnType<typeof findResident>>>) =>
    grantAward(trx, deps, {
      actor,
      resident,
      ruleId,
      refType: 'activity',
      refId: String(activityId),
      idempotencyKey: `naive-checkin:${randomUUID()}`,
    });
  const recordCheckin = (db: Db | Trx) =>
    db
      .insertInto('checkins')
      .values({
        activity_id: activityId,
        resident_id: residentId,
        method: 'staff',
        actor_user_id: actor.userId,
        checked_in_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(['activity_id', 'resident_id']).doNothing())
      .execute();
  const seen = (db: Db | Trx) =>
    db
      .selectFrom('checkins')
      .select('id')
      .where('activity_id', '=', activityId)
      .where('resident_id', '=', residentId)
      .executeTakeFirst();

  if (inTransaction) {
    await deps.db.transaction().execute(async (trx) => {
      if (await seen(trx)) return;
      await gap();
      await award(trx, (await findResident(trx, residentId))!);
      await recordCheckin(trx);
    });
    return;
  }
  if (await seen(deps.db)) return;
  const resident = (await findResident(deps.db, residentId))!;
  await deps.db.transaction().execute((trx) => award(trx, resident));
  await recordCheckin(deps.db);
}
