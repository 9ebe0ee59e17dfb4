import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * A resident who moved away (迁出) or died (已故) is archived, never deleted: their points, bookings and
 * history stay, but lists, desk lookups and the honour roll leave them out and nothing new can be done for them.
 * One column per ALTER TABLE: SQLite adds no more at a time.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const types = columnTypes(dialect);
  await db.schema.alterTable('residents').addColumn('archived_at', types.instant).execute();
  await db.schema
    .alterTable('residents')
    .addColumn('archive_reason', 'text', (c) => c.check(sql`archive_reason in ('moved', 'deceased')`))
    .execute();
  await db.schema.alterTable('residents').addColumn('archived_on', types.date).execute();
  await db.schema.alterTable('residents').addColumn('archive_note', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['archive_note', 'archived_on', 'archive_reason', 'archived_at']) {
    await db.schema.alterTable('residents').dropColumn(column).execute();
  }
}
