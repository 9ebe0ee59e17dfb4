import { sql, type Kysely } from 'kysely';
import { DEFAULT_ACTIVITY_CATEGORIES } from '@zhongli/domain';
import type { DialectName } from '../connect.js';
import { columnTypes, withId } from './helpers.js';

/**
 * The weekly menu: activity categories and partners, activities with their review state,
 * published weeks, registrations with a waitlist, check-ins, results with photos, feedback,
 * residents' needs and their supports, and in-app notifications.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await withId(db.schema.createTable('activity_categories'), dialect)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  // The article's example categories; the center adds more (POST /api/activity-categories).
  await db
    .insertInto('activity_categories')
    .values(DEFAULT_ACTIVITY_CATEGORIES.map((name, position) => ({ name, position })))
    .execute();

  await withId(db.schema.createTable('partners'), dialect)
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('merchant', 'unit', 'inheritor', 'institution')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('merchant_id', t.id, (c) => c.unique().references('merchants.id'))
    .addColumn('community_id', t.id, (c) => c.references('communities.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('needs'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('supports', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`supports >= 0`),
    )
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('needs_community').on('needs').columns(['community_id', 'category']).execute();

  await db.schema
    .createTable('need_supports')
    .addColumn('need_id', t.id, (c) => c.notNull().references('needs.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('need_supports_pk', ['need_id', 'resident_id'])
    .execute();

  await withId(db.schema.createTable('activities'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('venue_id', t.id, (c) => c.references('venues.id'))
    .addColumn('place', 'text')
    .addColumn('starts_at', t.instant, (c) => c.notNull())
    .addColumn('ends_at', t.instant, (c) => c.notNull())
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.check(sql`capacity > 0`))
    .addColumn('registered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('waitlist_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('points_rule_id', t.id, (c) => c.references('points_rules.id'))
    .addColumn('description', 'text')
    .addColumn('cover_photo_id', t.id)
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'submitted', 'approved', 'returned', 'published', 'cancelled')`),
    )
    .addColumn('return_reason', 'text')
    .addColumn('published_at', t.instant)
    .addColumn('changed_at', t.instant)
    .addColumn('change_note', 'text')
    .addColumn('cancelled_at', t.instant)
    .addColumn('cancel_reason', 'text')
    .addColumn('checkin_secret', 'text', (c) => c.notNull())
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    // Capacity as a guarded counter: never more registered than places.
    .addCheckConstraint('activities_capacity', sql`capacity is null or registered <= capacity`)
    .addCheckConstraint('activities_registered', sql`registered >= 0`)
    .execute();
  await db.schema.createIndex('activities_week').on('activities').columns(['week', 'community_id']).execute();

  await db.schema
    .createTable('activity_partners')
    .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
    .addColumn('partner_id', t.id, (c) => c.notNull().references('partners.id'))
    .addPrimaryKeyConstraint('activity_partners_pk', ['activity_id', 'partner_id'])
    .execute();

  await db.schema
    .createTable('activity_needs')
    .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
    .addColumn('need_id', t.id, (c) => c.notNull().references('needs.id'))
    .addPrimaryKeyConstraint('activity_needs_pk', ['activity_id', 'need_id'])
    .execute();

  await db.schema
    .createTable('menu_weeks')
    .addColumn('week', 'text', (c) => c.primaryKey())
    .addColumn('published_at', t.instant, (c) => c.notNull())
    .addColumn('published_by', t.id, (c) => c.references('users.id'))
    .execute();

  await withId(db.schema.createTable('registrations'), dialect)
    .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('registered', 'waitlisted', 'cancelled')`))
    .addColumn('waitlist_position', 'integer')
    .addColumn('registered_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('registrations_activity_resident_unique', ['activity_id', 'resident_id'])
    .execute();
  await db.schema
    .createIndex('registrations_waitlist')
    .on('registrations')
    .columns(['activity_id', 'status', 'waitlist_position'])
    .execute();

  await withId(db.schema.createTable('checkins'), dialect)
    .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('code', 'card', 'staff')`))
    .addColumn('points_entry_id', t.id, (c) => c.references('points_ledger.id'))
    .addColumn('actor_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('checked_in_at', t.instant, (c) => c.notNull())
    .addUniqueConstraint('checkins_activity_resident_unique', ['activity_id', 'resident_id'])
    .execute();

  await withId(db.schema.createTable('photos'), dialect)
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('activity_results')
    .addColumn('activity_id', t.id, (c) => c.primaryKey().references('activities.id'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('attendance', 'integer', (c) => c.notNull())
    .addColumn('registered', 'integer', (c) => c.notNull())
    .addColumn('published_by', t.id, (c) => c.references('users.id'))
    .addColumn('published_at', t.instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('activity_result_photos')
    .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
    .addColumn('photo_id', t.id, (c) => c.notNull().references('photos.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_result_photos_pk', ['activity_id', 'photo_id'])
    .execute();

  await db.schema
    .createTable('activity_result_partners')
    .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
    .addColumn('partner_id', t.id, (c) => c.notNull().references('partners.id'))
    .addPrimaryKeyConstraint('activity_result_partners_pk', ['activity_id', 'partner_id'])
    .execute();

  await db.schema
    .createTable('activity_feedback')
    .addColumn('activity_id', t.id, (c) => c.notNull().references('activities.id'))
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('stars', 'integer', (c) => c.notNull().check(sql`stars between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_feedback_pk', ['activity_id', 'resident_id'])
    .execute();

  await withId(db.schema.createTable('notifications'), dialect)
    .addColumn('resident_id', t.id, (c) => c.notNull().references('residents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('read_at', t.instant)
    .execute();
  await db.schema.createIndex('notifications_resident').on('notifications').columns(['resident_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notifications',
    'activity_feedback',
    'activity_result_partners',
    'activity_result_photos',
    'activity_results',
    'photos',
    'checkins',
    'registrations',
    'menu_weeks',
    'activity_needs',
    'activity_partners',
    'activities',
    'need_supports',
    'needs',
    'partners',
    'activity_categories',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
