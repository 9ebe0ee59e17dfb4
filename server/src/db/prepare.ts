import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from './connect.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

/**
 * Brings a database to the current schema and makes sure the rows every instance relies on
 * exist: the center and the server-side keys. Safe to run on every start, by several instances.
 * `idDigestKey` is the configured key that recognises ID numbers (ID_DIGEST_KEY), when there is one.
 */
export async function prepareDatabase(
  db: Kysely<Database>,
  dialect: DialectName,
  centerName: string,
  options: { idDigestKey?: string } = {},
): Promise<{ idDigestKey: string }> {
  await migrateToLatest(db, dialect);
  await db
    .insertInto('center')
    .values({ id: 1, name: centerName })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  if (options.idDigestKey) return { idDigestKey: await takeKeyOutOfDatabase(db, options.idDigestKey) };
  const stored = await db
    .selectFrom('app_settings')
    .select('key')
    .where('key', '=', 'id_digest_key')
    .executeTakeFirst();
  // A fresh key would not recognise the digests made with the one ID_DIGEST_KEY held before.
  if (!stored && (await anyDigest(db)))
    throw new Error('ID numbers here were recognised with ID_DIGEST_KEY, which is not set: set it again to start.');
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

/**
 * With ID_DIGEST_KEY configured, the key lives outside the database, so a copy of the database
 * alone cannot test the few hundred ID numbers a birth date, gender and area code leave open. A key
 * stored by an earlier start is removed once the configured one is known to be the same — or when
 * no digest was made with it yet. A different key with digests already made would stop the desk
 * recognising returning people, so the start is refused.
 */
async function takeKeyOutOfDatabase(db: Kysely<Database>, configured: string): Promise<string> {
  const stored = await db
    .selectFrom('app_settings')
    .select('value')
    .where('key', '=', 'id_digest_key')
    .executeTakeFirst();
  if (stored && stored.value !== configured) {
    if (await anyDigest(db))
      throw new Error(
        'ID_DIGEST_KEY differs from the key this database recognises ID numbers with. Set ID_DIGEST_KEY to the stored key ' +
          "(select value from app_settings where key = 'id_digest_key') to move it out of the database, or unset it.",
      );
  }
  if (stored) await db.deleteFrom('app_settings').where('key', '=', 'id_digest_key').execute();
  return configured;
}

async function anyDigest(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('residents')
    .select('id')
    .where('id_number_digest', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
