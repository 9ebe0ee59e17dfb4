import type { AppDeps } from '../../src/platform/deps.js';
import { isUniqueViolation } from '../../src/platform/db-errors.js';

/**
 * Deliberately naive 更正, the negative control of the correction race: it ignores the version the
 * staff member saw and appends after whatever is there now (retrying when the next version was
 * taken meanwhile). Every staff member "succeeds" and each correction silently overwrites the
 * others, made over a value its author never saw.
 */
export async function naiveCorrectHours(
  deps: AppDeps,
  c: { sourceId: number; residentId: number; by: number; seenMinutes: number; minutes: number },
): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await deps.db.transaction().execute(async (trx) => {
        const last = await trx
          .selectFrom('volunteer_hour_corrections')
          .select((eb) => eb.fn.max('version').as('version'))
          .where('source', '=', 'activity')
          .where('source_id', '=', c.sourceId)
          .executeTakeFirst();
        await trx
          .insertInto('volunteer_hour_corrections')
          .values({
            source: 'activity',
            source_id: c.sourceId,
            resident_id: c.residentId,
            version: Number(last?.version ?? 0) + 1,
            minutes_before: c.seenMinutes,
            minutes: c.minutes,
            reason: '对照',
            corrected_by: c.by,
            corrected_at: '2026-12-09T02:00:00.000Z',
          })
          .execute();
      });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return false;
}

/** The gap between checking and writing that a real request has (a round trip, a busy event loop). */
const gap = () => new Promise((resolve) => setTimeout(resolve, 2));

/**
 * Deliberately naive 签退, the negative control of the check-out race: look whether the person is
 * still checked in, then write the check-out without the `checked_out_at IS NULL` condition. On
 * PostgreSQL several concurrent markings all find the person in and all "succeed", each overwriting
 * the last (times, who marked); SQLite runs one writer at a time, so one does.
 */
export async function naiveCheckOut(
  deps: AppDeps,
  c: { activityId: number; residentId: number; at: string; by: number },
): Promise<boolean> {
  let wrote = false;
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('checkins')
      .select(['id', 'checked_out_at'])
      .where('activity_id', '=', c.activityId)
      .where('resident_id', '=', c.residentId)
      .executeTakeFirst();
    if (!row || row.checked_out_at) return;
    await gap();
    await trx
      .updateTable('checkins')
      .set({ checked_out_at: c.at, checkout_method: 'staff', checkout_by: c.by })
      .where('id', '=', row.id)
      .execute();
    wrote = true;
  });
  return wrote;
}
