import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * Rows an account has had checked against the residents (imports' dry runs and imports) per county day: a quota
 * reserved by one conditional upsert before any lookup, so parallel uploads cannot pass it together.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id } = columnTypes(dialect);
  await db.schema
    .createTable('import_check_usage')
    .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_check_usage_pk', ['user_id', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_check_usage').execute();
}
