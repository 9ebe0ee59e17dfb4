import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../src/platform/deps.js';
import type { Actor } from '../../src/platform/actor.js';
import { grantAward } from '../../src/modules/points/points.service.js';
import { findResident } from '../../src/modules/residents/residents.repository.js';

/** Deliberately naive sign-up and check-in, used only as negative controls for the concurrency tests. */

/** Capacity by count-then-insert: counts the registered, then inserts as registered or waitlisted. */
export async function naiveRegister(deps: AppDeps, o: { activityId: number; residentId: number }) {
  const activity = await deps.db
    .selectFrom('activities')
    .select('capacity')
    .where('id', '=', o.activityId)
    .executeTakeFirstOrThrow();
  const registered = await deps.db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activity_id', '=', o.activityId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow();
  const waitlisted = await deps.db
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activity_id', '=', o.activityId)
    .where('status', '=', 'waitlisted')
    .executeTakeFirstOrThrow();
  const full = activity.capacity != null && Number(registered.n) >= activity.capacity;
  // The gap between counting and writing that a real request has (a round trip, a busy event loop).
  await new Promise((resolve) => setTimeout(resolve, 2));
  const at = new Date().toISOString();
  await deps.db
    .insertInto('registrations')
    .values({
      activity_id: o.activityId,
      resident_id: o.residentId,
      status: full ? 'waitlisted' : 'registered',
      waitlist_position: full ? Number(waitlisted.n) + 1 : null,
      registered_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** Points by look-then-award: checks for a check-in, awards, then records the check-in afterwards. */
export async function naiveCheckIn(
  deps: AppDeps,
  o: { actor: Actor; activityId: number; residentId: number; ruleId: number },
) {
  const seen = await deps.db
    .selectFrom('checkins')
    .select('id')
    .where('activity_id', '=', o.activityId)
    .where('resident_id', '=', o.residentId)
    .executeTakeFirst();
  if (seen) return;
  const resident = (await findResident(deps.db, o.residentId))!;
  await deps.db.transaction().execute((trx) =>
    grantAward(trx, deps, {
      actor: o.actor,
      resident,
      ruleId: o.ruleId,
      refType: 'activity',
      refId: String(o.activityId),
      idempotencyKey: `naive-checkin:${randomUUID()}`,
    }),
  );
  await deps.db
    .insertInto('checkins')
    .values({
      activity_id: o.activityId,
      resident_id: o.residentId,
      method: 'staff',
      actor_user_id: o.actor.userId,
      checked_in_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.columns(['activity_id', 'resident_id']).doNothing())
    .execute();
}
