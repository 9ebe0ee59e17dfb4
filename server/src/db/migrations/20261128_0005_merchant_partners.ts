import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, withId } from './helpers.js';

/** Merchants as partners: contributions tied to activities, monthly rating history, merchants' requests. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .alterTable('merchant_contributions')
    .addColumn('activity_id', t.id, (c) => c.references('activities.id'))
    .execute();
  await db.schema
    .alterTable('merchant_contributions')
    .addColumn('confirmed_by', t.id, (c) => c.references('users.id'))
    .execute();
  await db.schema.alterTable('merchant_contributions').addColumn('confirmed_at', t.instant).execute();
  await db.schema
    .createIndex('merchant_contributions_activity')
    .on('merchant_contributions')
    .column('activity_id')
    .execute();

  await db.schema
    .createTable('merchant_ratings')
    .addColumn('merchant_id', t.id, (c) => c.notNull().references('merchants.id'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('stars', 'integer', (c) => c.notNull().check(sql`stars between 0 and 5`))
    .addColumn('contributions', 'integer', (c) => c.notNull())
    .addColumn('average_quality', 'real')
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('rated_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('merchant_ratings_pk', ['merchant_id', 'month'])
    .execute();

  await withId(db.schema.createTable('merchant_requests'), dialect)
    .addColumn('merchant_id', t.id, (c) => c.notNull().references('merchants.id'))
    .addColumn('community_id', t.id, (c) => c.notNull().references('communities.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'resolved')`))
    .addColumn('response', 'text')
    .addColumn('raised_by', t.id, (c) => c.references('users.id'))
    .addColumn('handled_by', t.id, (c) => c.references('users.id'))
    .addColumn('created_at', t.instant, (c) => c.notNull())
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .addColumn('resolved_at', t.instant)
    .execute();
  await db.schema
    .createIndex('merchant_requests_community_status')
    .on('merchant_requests')
    .columns(['community_id', 'status'])
    .execute();

  await db.schema
    .createTable('merchant_request_photos')
    .addColumn('request_id', t.id, (c) => c.notNull().references('merchant_requests.id'))
    .addColumn('photo_id', t.id, (c) => c.notNull().references('photos.id'))
    .addPrimaryKeyConstraint('merchant_request_photos_pk', ['request_id', 'photo_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('merchant_request_photos').execute();
  await db.schema.dropTable('merchant_requests').execute();
  await db.schema.dropTable('merchant_ratings').execute();
  await db.schema.dropIndex('merchant_contributions_activity').execute();
  await db.schema.alterTable('merchant_contributions').dropColumn('confirmed_at').execute();
  await db.schema.alterTable('merchant_contributions').dropColumn('confirmed_by').execute();
  await db.schema.alterTable('merchant_contributions').dropColumn('activity_id').execute();
}
