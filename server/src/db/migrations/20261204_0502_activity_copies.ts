import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * The activity a draft was copied from (复制到下周, 从上周菜单开始). Unique: an activity is copied
 * a week on at most once, so a double click or a second 从上周菜单开始 finds its copy instead of
 * making another.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('activities')
    .addColumn('copied_from_id', columnTypes(dialect).id, (c) => c.references('activities.id'))
    .execute();
  await db.schema
    .createIndex('activities_copied_from_unique')
    .unique()
    .on('activities')
    .column('copied_from_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activities_copied_from_unique').execute();
  await db.schema.alterTable('activities').dropColumn('copied_from_id').execute();
}
