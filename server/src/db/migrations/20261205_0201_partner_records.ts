import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * Partners as records: how to reach them (contact person, phone, notes) and archiving. Names are
 * unique per community among active partners — county-wide ones (no community) count as one scope,
 * hence the coalesce: a plain unique key would let NULLs repeat. Names that were already repeated
 * keep their oldest partner active and archive the rest, so the key can be created; every activity
 * and result still names the archived ones.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { instant } = columnTypes(dialect);
  await db.schema.alterTable('partners').addColumn('contact_person', 'text').execute();
  await db.schema.alterTable('partners').addColumn('phone', 'text').execute();
  await db.schema.alterTable('partners').addColumn('notes', 'text').execute();
  await db.schema.alterTable('partners').addColumn('archived_at', instant).execute();
  await sql`
    update partners set archived_at = created_at, notes = '升级时发现同名合作方，保留最早登记的一个，其余归档'
    where exists (
      select 1 from partners older
      where older.name = partners.name
        and coalesce(older.community_id, 0) = coalesce(partners.community_id, 0)
        and older.id < partners.id
    )`.execute(db);
  await sql`
    create unique index partners_active_name on partners ((coalesce(community_id, 0)), name)
    where archived_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('partners_active_name').execute();
  for (const column of ['archived_at', 'notes', 'phone', 'contact_person'])
    await db.schema.alterTable('partners').dropColumn(column).execute();
}
