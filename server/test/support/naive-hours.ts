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
