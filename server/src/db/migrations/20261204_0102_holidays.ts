import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * The county's holiday calendar (法定节假日 / 调休上班), kept by the center: one row per date. An empty
 * install starts with an empty calendar; the demo seeds its years.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('holidays')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('off', 'workday')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', columnTypes(dialect).instant, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('holidays').execute();
}
