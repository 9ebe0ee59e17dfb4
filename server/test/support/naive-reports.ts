import type { AppDeps } from '../../src/platform/deps.js';
import { isUniqueViolation } from '../../src/platform/db-errors.js';

/** The gap between checking and writing that a real request has (counting the figures takes a while). */
const gap = () => new Promise((resolve) => setTimeout(resolve, 2));

/**
 * Deliberately naive "is there a snapshot yet?" before storing one, used only as the negative control
 * of the first-look burst: check, then insert, in one transaction. It reports whether its check found
 * no snapshot — on PostgreSQL several concurrent checks do, and only the unique key
 * (report_snapshots_key) stops a second row (the loser would answer 500); SQLite runs one writer at a
 * time, so one does.
 */
export async function naiveStoreSnapshot(
  deps: AppDeps,
  key: { kind: 'month' | 'week'; periodStart: string; communityId: number },
): Promise<{ checkedAbsent: boolean; failed: boolean }> {
  let checkedAbsent = false;
  try {
    await deps.db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('report_snapshots')
        .select('id')
        .where('kind', '=', key.kind)
        .where('period_start', '=', key.periodStart)
        .where('community_id', '=', key.communityId)
        .executeTakeFirst();
      if (found) return;
      checkedAbsent = true;
      await gap();
      await trx
        .insertInto('report_snapshots')
        .values({
          kind: key.kind,
          period_start: key.periodStart,
          community_id: key.communityId,
          figures: '{}',
          generated_at: '2026-12-03T02:00:00.000Z',
          generated_by: null,
        })
        .execute();
    });
    return { checkedAbsent, failed: false };
  } catch (error) {
    if (isUniqueViolation(error)) return { checkedAbsent, failed: true };
    throw error;
  }
}
