import type { AppDeps } from '../../src/platform/deps.js';
import { isUniqueViolation } from '../../src/platform/db-errors.js';

/** The gap between checking and writing that a real request has (a round trip, a busy event loop). */
const gap = () => new Promise((resolve) => setTimeout(resolve, 2));

/**
 * Deliberately naive "is the name free?" before registering a partner, used only as the negative
 * control of the duplicate-name burst: check, then insert, in one transaction. It reports whether
 * its check found the name free — on PostgreSQL several concurrent checks do, and only the unique
 * key (partners_active_name) stops the second row; SQLite runs one writer at a time, so one does.
 */
export async function naiveCreatePartner(
  deps: AppDeps,
  p: { name: string; communityId: number },
): Promise<{ checkedFree: boolean; inserted: boolean }> {
  let checkedFree = false;
  try {
    await deps.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('partners')
        .select('id')
        .where('community_id', '=', p.communityId)
        .where('name', '=', p.name)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (taken) return;
      checkedFree = true;
      await gap();
      await trx
        .insertInto('partners')
        .values({
          kind: 'unit',
          name: p.name,
          community_id: p.communityId,
          merchant_id: null,
          created_at: '2026-12-01T00:00:00.000Z',
        })
        .execute();
    });
    return { checkedFree, inserted: checkedFree };
  } catch (error) {
    if (isUniqueViolation(error)) return { checkedFree, inserted: false };
    throw error;
  }
}
