import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../src/platform/deps.js';
import type { Actor } from '../../src/platform/actor.js';
import * as repo from '../../src/modules/points/points.repository.js';

const gap = () => new Promise((resolve) => setTimeout(resolve, 2));

/**
 * A deliberately naive batch approval, the negative control for approving an opening-balance batch twice at once:
 * it looks at the status, then marks it approved and writes the entries (with keys of its own) — check, then write,
 * inside one transaction. Never import outside tests.
 */
export async function naiveApproveOpeningBatch(deps: AppDeps, actor: Actor, batchId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const batch = await repo.findOpeningBatch(trx, batchId);
    if (batch?.status !== 'pending') throw new Error('not pending');
    await gap();
    await trx.updateTable('opening_batches').set({ status: 'approved' }).where('id', '=', batchId).execute();
    for (const row of await repo.openingBatchRows(trx, batchId)) {
      await repo.appendLedgerEntry(trx, {
        residentId: row.resident_id,
        communityId: row.community_id,
        delta: row.points,
        kind: 'opening',
        ruleId: null,
        ruleRevisionId: null,
        refType: 'opening_batch',
        refId: String(batchId),
        reason: 'naive',
        actorUserId: actor.userId,
        onBehalfResidentId: row.resident_id,
        idempotencyKey: `naive-opening:${randomUUID()}`,
        createdAt: deps.clock.now().toISOString(),
      });
    }
  });
}

/**
 * A deliberately naive quota reservation, the negative control for the imports' daily quota of checked rows: it
 * reads the day's total, then writes the new one if it fits — check, then write, inside one transaction.
 * Returns whether it "reserved". Never import outside tests.
 */
export async function naiveReserveCheckRows(
  deps: AppDeps,
  k: { userId: number; day: string; rows: number; limit: number },
): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const used = await trx
      .selectFrom('import_check_usage')
      .select('rows')
      .where('user_id', '=', k.userId)
      .where('day', '=', k.day)
      .executeTakeFirst();
    if ((used?.rows ?? 0) + k.rows > k.limit) return false;
    await gap();
    await trx
      .updateTable('import_check_usage')
      .set({ rows: (used?.rows ?? 0) + k.rows })
      .where('user_id', '=', k.userId)
      .where('day', '=', k.day)
      .execute();
    return true;
  });
}
