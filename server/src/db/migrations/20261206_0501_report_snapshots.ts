import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, withId } from './helpers.js';

/**
 * Frozen reports: the figures of a closed month or week, for one community or the county (no
 * community), stored the first time the report is produced. One row per (kind, period start,
 * scope) — the county counts as scope 0, hence the coalesce, as a plain key would let NULLs repeat —
 * so two first looks at once store one. 重新生成 rewrites the row's figures (audited with old and new).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id, instant, date } = columnTypes(dialect);
  await withId(db.schema.createTable('report_snapshots'), dialect)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('period_start', date, (c) => c.notNull())
    .addColumn('community_id', id, (c) => c.references('communities.id'))
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('generated_at', instant, (c) => c.notNull())
    .addColumn('generated_by', id, (c) => c.references('users.id'))
    .execute();
  await sql`
    create unique index report_snapshots_key on report_snapshots (kind, period_start, (coalesce(community_id, 0)))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_snapshots').execute();
}
