import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, dropAppendOnly, makeAppendOnly, withId } from './helpers.js';

/**
 * 志愿服务时长. Hours are read from what already happened (a check-in and its check-out at an
 * activity marked 志愿服务, a completed service session's rota), so nothing has to be kept in
 * step; only corrections are stored, append-only, one version per entry (the unique key is what
 * two staff correcting the same entry at once meet).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .alterTable('activities')
    .addColumn('volunteer_service', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('checkins').addColumn('checked_out_at', t.instant).execute();
  await db.schema
    .alterTable('checkins')
    .addColumn('checkout_method', 'text', (c) => c.check(sql`checkout_method in ('code', 'staff')`))
    .execute();
  await db.schema
    .alterTable('checkins')
    .addColumn('checkout_by', t.id, (c) => c.references('users.id'))
    .execute();
  // The sums read a period's volunteer activities and completed sessions by these, never the whole table.
  await db.schema
    .createIndex('activities_volunteer_starts')
    .on('activities')
    .columns(['volunteer_service', 'starts_at'])
    .execute();
  await db.schema.createIndex('service_sessions_date').on('service_sessions').columns(['date']).execute();
  // A person's history: their check-ins and their shifts.
  await db.schema.createIndex('checkins_resident').on('checkins').columns(['resident_id']).execute();
  await db.schema.createIndex('rota_assignments_user').on('rota_assignments').columns(['user_id']).execute();

  await withId(db.schema.createTable('volunteer_hour_corrections'), dialect)
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('activity', 'shift')`))
    // checkins.id for an activity, rota_assignments.id for a shift
    .addColumn('source_id', t.id, (c) => c.notNull())
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('minutes_before', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes >= 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('corrected_by', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('corrected_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('volunteer_hour_corrections_version_unique', ['source', 'source_id', 'version'])
    .execute();
  await db.schema
    .createIndex('volunteer_hour_corrections_resident')
    .on('volunteer_hour_corrections')
    .columns(['resident_id'])
    .execute();
  await makeAppendOnly(db, dialect, 'volunteer_hour_corrections');
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await dropAppendOnly(db, dialect, 'volunteer_hour_corrections');
  await db.schema.dropTable('volunteer_hour_corrections').execute();
  await db.schema.dropIndex('rota_assignments_user').execute();
  await db.schema.dropIndex('checkins_resident').execute();
  await db.schema.dropIndex('service_sessions_date').execute();
  await db.schema.dropIndex('activities_volunteer_starts').execute();
  await db.schema.alterTable('checkins').dropColumn('checkout_by').execute();
  await db.schema.alterTable('checkins').dropColumn('checkout_method').execute();
  await db.schema.alterTable('checkins').dropColumn('checked_out_at').execute();
  await db.schema.alterTable('activities').dropColumn('volunteer_service').execute();
}
