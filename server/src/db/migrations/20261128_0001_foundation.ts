import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, dropAppendOnly, makeAppendOnly, withId } from './helpers.js';

/** Organisation, people, sessions and the audit log: what every later module builds on. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await db.schema
    .createTable('center')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('communities'), dialect)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('venues'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('venues_community_name_unique', ['community_id', 'name'])
    .execute();

  await withId(db.schema.createTable('merchants'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('party_alliance', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`party_alliance in (0, 1)`),
    )
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('merchants_community_name_unique', ['community_id', 'name'])
    .execute();

  await withId(db.schema.createTable('users'), dialect)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('disabled', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`disabled in (0, 1)`),
    )
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('password_changed_at', t.instant)
    .execute();

  await withId(db.schema.createTable('user_roles'), dialect)
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('center_admin', 'community_staff', 'merchant', 'volunteer')`),
    )
    .addColumn('community_id', t.id, (c) => c.references('communities.id'))
    .addColumn('merchant_id', t.id, (c) => c.references('merchants.id'))
    .execute();
  await db.schema.createIndex('user_roles_user').on('user_roles').column('user_id').execute();

  await withId(db.schema.createTable('residents'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('user_id', t.id, (c) => c.unique().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('member_code', 'text', (c) => c.notNull().unique())
    .addColumn('birth_date', t.date, (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.check(sql`gender in ('male', 'female')`))
    .addColumn('id_number_masked', 'text')
    .addColumn('id_number_digest', 'text', (c) => c.unique())
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('residents_community_name').on('residents').columns(['community_id', 'name']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('expires_at', t.instant, (c) => c.notNull())
    .addColumn('last_seen_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await withId(db.schema.createTable('login_failures'), dialect)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failed_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_key_time').on('login_failures').columns(['key', 'failed_at']).execute();

  await withId(db.schema.createTable('audit_log'), dialect)
    .addColumn('actor_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('on_behalf_resident_id', t.id, (c) => c.references('residents.id'))
    .addColumn('community_id', t.id, (c) => c.references('communities.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_created').on('audit_log').column('created_at').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor_user_id').execute();
  await db.schema.createIndex('audit_log_resident').on('audit_log').column('on_behalf_resident_id').execute();
  await makeAppendOnly(db, dialect, 'audit_log');
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await dropAppendOnly(db, dialect, 'audit_log');
  for (const table of [
    'audit_log',
    'login_failures',
    'sessions',
    'residents',
    'user_roles',
    'users',
    'merchants',
    'venues',
    'communities',
    'app_settings',
    'center',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
