import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * 代点单: a need posted, or a support given, by staff at the desk for a resident without a phone
 * remembers which account acted (null: the resident themself), so the need can say 由工作人员代发.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id } = columnTypes(dialect);
  await db.schema
    .alterTable('needs')
    .addColumn('posted_by_user_id', id, (col) => col.references('users.id'))
    .execute();
  await db.schema
    .alterTable('need_supports')
    .addColumn('supported_by_user_id', id, (col) => col.references('users.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('need_supports').dropColumn('supported_by_user_id').execute();
  await db.schema.alterTable('needs').dropColumn('posted_by_user_id').execute();
}
