import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, withId } from './helpers.js';

/**
 * 待电话通知. Residents get a contact phone for calls (people registered at the desk often have no
 * login); users remember when they last opened the app (sessions are deleted at logout, so they cannot
 * say it); a cancelled or changed activity or session makes a call list with one entry per person
 * affected. An entry's outcome is written once, from empty (or 联系不上 → 已通知), by a conditional
 * UPDATE; (list, resident) is unique so a person is on a list once.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id, instant } = columnTypes(dialect);
  await db.schema.alterTable('residents').addColumn('contact_phone', 'text').execute();
  await db.schema.alterTable('residents').addColumn('contact_note', 'text').execute();
  await db.schema.alterTable('users').addColumn('last_seen_at', instant).execute();
  await withId(db.schema.createTable('call_lists'), dialect)
    .addColumn('community_id', id, (c) => c.notNull().references('communities.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', id, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await withId(db.schema.createTable('call_list_entries'), dialect)
    .addColumn('list_id', id, (c) => c.notNull().references('call_lists.id'))
    .addColumn('resident_id', id, (c) => c.notNull().references('residents.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('outcome_note', 'text')
    .addColumn('outcome_by', id, (c) => c.references('users.id'))
    .addColumn('outcome_at', instant)
    .addUniqueConstraint('call_list_entries_list_resident_unique', ['list_id', 'resident_id'])
    .execute();
  await db.schema.createIndex('call_list_entries_resident').on('call_list_entries').column('resident_id').execute();
  await db.schema.createIndex('call_lists_created').on('call_lists').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('call_list_entries').execute();
  await db.schema.dropTable('call_lists').execute();
  await db.schema.alterTable('users').dropColumn('last_seen_at').execute();
  await db.schema.alterTable('residents').dropColumn('contact_note').execute();
  await db.schema.alterTable('residents').dropColumn('contact_phone').execute();
}
