import type { ReportSnapshotsTable } from '../../db/schema.js';
import type { Db, Trx } from '../../platform/deps.js';

export interface SnapshotKey {
  kind: ReportSnapshotsTable['kind'];
  periodStart: string;
  /** null: the county */
  communityId: number | null;
}

export interface SnapshotRow {
  id: number;
  figures: string;
  generated_at: string;
  generated_by_name: string | null;
}

function whereKey(db: Db | Trx, key: SnapshotKey) {
  const q = db
    .selectFrom('report_snapshots as s')
    .leftJoin('users as u', 'u.id', 's.generated_by')
    .select(['s.id', 's.figures', 's.generated_at', 'u.name as generated_by_name'])
    .where('s.kind', '=', key.kind)
    .where('s.period_start', '=', key.periodStart);
  return key.communityId === null
    ? q.where('s.community_id', 'is', null)
    : q.where('s.community_id', '=', key.communityId);
}

export async function findSnapshot(db: Db | Trx, key: SnapshotKey): Promise<SnapshotRow | undefined> {
  const row = await whereKey(db, key).executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

/** Locks the snapshot row on PostgreSQL, so two regenerations at once are applied one after the other. */
export async function lockSnapshot(trx: Trx, key: SnapshotKey, postgres: boolean): Promise<SnapshotRow | undefined> {
  const q = whereKey(trx, key);
  const row = await (postgres ? q.forUpdate('s') : q).executeTakeFirst();
  return row && { ...row, id: Number(row.id) };
}

/**
 * Stores the snapshot unless one exists under the same key (report_snapshots_key): the loser of two
 * first looks at once stores nothing and reads the winner's row.
 */
export async function insertSnapshotIfAbsent(
  db: Db | Trx,
  key: SnapshotKey,
  row: { figures: string; generatedAt: string; generatedBy: number | null },
): Promise<void> {
  await db
    .insertInto('report_snapshots')
    .values({
      kind: key.kind,
      period_start: key.periodStart,
      community_id: key.communityId,
      figures: row.figures,
      generated_at: row.generatedAt,
      generated_by: row.generatedBy,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function updateSnapshot(
  trx: Trx,
  id: number,
  row: { figures: string; generatedAt: string; generatedBy: number },
): Promise<void> {
  await trx
    .updateTable('report_snapshots')
    .set({ figures: row.figures, generated_at: row.generatedAt, generated_by: row.generatedBy })
    .where('id', '=', id)
    .execute();
}
