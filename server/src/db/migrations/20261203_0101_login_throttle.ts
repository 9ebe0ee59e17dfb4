import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, withId } from './helpers.js';

/**
 * Sign-in throttling moves from a row per failure (counted, then the password checked, then written —
 * concurrent guesses all saw the same count) to one counter per key, advanced by a compare-and-set on its
 * version before the password is checked. `failures` counts attempts not given back by a success;
 * `last_attempt_at` dates the progressive wait (domain/src/accounts/throttle.ts).
 *
 * `known_devices` remembers which browsers signed in to which account (a signed random id in a cookie, only
 * its SHA-256 here): their attempts are counted apart, so strangers' guesses cannot keep the owner out.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().check(sql`failures >= 0`))
    .addColumn('last_attempt_at', t.instant, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('login_throttle_last_attempt').on('login_throttle').column('last_attempt_at').execute();
  await db.schema
    .createTable('known_devices')
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('first_signed_in_at', t.instant, (c) => c.notNull())
    .addColumn('last_signed_in_at', t.instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('known_devices_pk', ['user_id', 'device_hash'])
    .execute();
  // Failures in the old table were at most 15 minutes old and only slowed guessing down: nothing to carry over.
  await db.schema.dropTable('login_failures').execute();
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await withId(db.schema.createTable('login_failures'), dialect)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('failed_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_key_time').on('login_failures').columns(['key', 'failed_at']).execute();
  await db.schema.dropTable('known_devices').execute();
  await db.schema.dropTable('login_throttle').execute();
}
