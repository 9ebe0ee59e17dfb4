import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from './connect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

/**
 * Brings a database to the current schema and makes sure the rows every instance relies on
 * exist: the center and the server-side keys. Safe to run on every start, by several instances.
 */
export async function prepareDatabase(
  db: Kysely<Database>,
  dialect: DialectName,
  centerName: string,
): Promise<{ idDigestKey: string }> {
  await migrateToLatest(db, dialect);
  await db
    .insertInto('center')
    .values({ id: 1, name: centerName })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('app_settings')
    .values({ key: 'id_digest_key', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', 'id_digest_key')
    .executeTakeFirstOrThrow();
  return { idDigestKey: row.value };
}
