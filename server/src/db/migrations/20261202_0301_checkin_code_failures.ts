import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * Wrong check-in codes get a table of their own (they were counted among the login failures): one
 * counter per resident and activity, with the start of its ten-minute window. A try reserves its
 * place in the counter before the code is checked, by one conditional upsert, so concurrent guesses
 * cannot get past the limit.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('checkin_code_failures')
    .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('window_started_at', t.instant, (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().check(sql`failures >= 0`))
    .addPrimaryKeyConstraint('checkin_code_failures_pk', ['activity_id', 'resident_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checkin_code_failures').execute();
}
