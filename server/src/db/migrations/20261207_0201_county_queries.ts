import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * County-scale queries (issue 15, measured on `npm run seed:large`: 400,000 residents, 980,000
 * registrations; figures in the README's county section):
 *
 * - `registrations_resident`: a resident's "my activities" read every registration of the county to
 *   find theirs (no index began with `resident_id`; check-ins have had `checkins_resident` since the
 *   foundation).
 * - `activities_status_starts`: the results wall (published activities with a result, newest first) walked
 *   every activity from the newest in `activities_starts` (start, status) order, skipping the
 *   unpublished; led by the status it reads only published ones, already in the wall's order.
 * - `users.phone_last4`: the last four digits of the login's phone, a column the database computes
 *   (SQLite: a virtual generated column, PostgreSQL: a stored one), indexed. The staff search "by the
 *   last digits of a phone" asked `phone LIKE '%1234'`, which no index can answer; now it asks
 *   `phone_last4 = '1234'` first. Computed by the database rather than by each write of a phone, so no
 *   writer (the seed, an import, a restore) can leave it stale, and the query is the same on both.
 *   `right()` and `substr(…, -4)` agree for any phone of four characters or more (every phone is 11
 *   digits) and on shorter ones both give the whole phone.
 *
 * The member-code prefix search needs no new index: `member_code` is unique, so it has one, and the
 * query becomes a range on it (`residents.repository.ts`).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.createIndex('registrations_resident').on('registrations').column('resident_id').execute();
  await db.schema.createIndex('activities_status_starts').on('activities').columns(['status', 'starts_at']).execute();
  if (dialect === 'postgres')
    await sql`alter table users add column phone_last4 text generated always as (right(phone, 4)) stored`.execute(db);
  else
    await sql`alter table users add column phone_last4 text generated always as (substr(phone, -4)) virtual`.execute(
      db,
    );
  await db.schema.createIndex('users_phone_last4').on('users').column('phone_last4').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_phone_last4').execute();
  await db.schema.alterTable('users').dropColumn('phone_last4').execute();
  await db.schema.dropIndex('activities_status_starts').execute();
  await db.schema.dropIndex('registrations_resident').execute();
}
