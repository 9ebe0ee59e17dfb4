import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/**
 * The tables the cached public reads join (menu, shop, honour roll, results wall, waiting-hall
 * display, merchant wall). A table whose rows belong to one community or session is counted per
 * key, so an award in one community leaves the others' honour rolls cached.
 */
const VERSIONED_TABLES = [
  'center',
  'app_settings',
  'communities',
  'venues',
  'merchants',
  'residents',
  'points_rules',
  'points_rule_versions',
  'points_rule_revisions',
  'points_ledger',
  'shop_items',
  'shop_donations',
  'merchant_contributions',
  'merchant_ratings',
  'activity_categories',
  'partners',
  'needs',
  'activities',
  'activity_partners',
  'activity_needs',
  'menu_weeks',
  'registrations',
  'checkins',
  'photos',
  'activity_results',
  'activity_result_photos',
  'activity_result_partners',
  'activity_feedback',
  'services',
  'holidays',
  'service_sessions',
  'bookings',
] as const;
const KEYED_VERSION_TABLES: Partial<Record<(typeof VERSIONED_TABLES)[number], string>> = {
  points_ledger: 'community_id',
  shop_items: 'community_id',
  shop_donations: 'community_id',
  bookings: 'session_id',
};

/**
 * `data_versions(scope, version)`: a counter per table (`t:activities`) or per table and community /
 * session (`t:points_ledger/12`), bumped by the database itself in the writing transaction, so every
 * instance's public cache (`platform/public-cache.ts`) sees a write on its next read, whichever code
 * path — or hand-typed SQL — made it. Triggers rather than calls in each use case: a use case that
 * forgets its bump would serve a stale public page, and the public reads join many tables.
 *
 * SQLite: an AFTER trigger per row (writers are serialised; one indexed upsert each).
 * PostgreSQL: a row trigger that bumps each scope once per transaction (a transaction-local setting
 * remembers it), deferred to commit so the row lock on the counter is held for the commit only.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('data_versions')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('version', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialect === 'postgres') {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION zhongli_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
         DECLARE
           scopes text[];
           s text;
           seen text;
         BEGIN
           IF TG_NARGS = 0 THEN
             scopes := ARRAY['t:' || TG_TABLE_NAME];
           ELSE
             -- a row moved to another community (or session) leaves the old one's answer stale too
             scopes := ARRAY(SELECT DISTINCT 't:' || TG_TABLE_NAME || '/' || k FROM unnest(ARRAY[
               CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) ->> TG_ARGV[0] END,
               CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) ->> TG_ARGV[0] END]) AS k WHERE k IS NOT NULL);
           END IF;
           -- Deferred row triggers fire at commit in the order the rows were written, so two writers
           -- bumping the same two counters in opposite orders would deadlock. Every bump is therefore
           -- made under one transaction-scoped advisory lock (class "dv", per schema), taken once per
           -- transaction after all its own row locks: counter rows are locked only by its holder, so no
           -- cycle can form. Writers' commits to versioned tables queue here briefly on PostgreSQL.
           IF current_setting('zhongli_dv.locked', true) IS DISTINCT FROM '1' THEN
             PERFORM set_config('zhongli_dv.locked', '1', true);
             PERFORM pg_advisory_xact_lock(25718, hashtext(current_schema()));
           END IF;
           FOREACH s IN ARRAY scopes LOOP
             seen := 'zhongli_dv.h' || md5(s);
             -- once per transaction and scope: one bump is enough for readers, and a bulk write stays cheap
             IF current_setting(seen, true) IS DISTINCT FROM '1' THEN
               PERFORM set_config(seen, '1', true);
               INSERT INTO data_versions (scope, version) VALUES (s, 1)
                 ON CONFLICT (scope) DO UPDATE SET version = data_versions.version + 1;
             END IF;
           END LOOP;
           RETURN NULL;
         END $$`,
      )
      .execute(db);
  }
  for (const table of VERSIONED_TABLES) await createBumpTriggers(db, dialect, table, KEYED_VERSION_TABLES[table]);
}

async function createBumpTriggers(db: Kysely<any>, dialect: DialectName, table: string, key?: string) {
  if (dialect === 'postgres') {
    await sql
      .raw(
        `CREATE CONSTRAINT TRIGGER ${table}_data_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION zhongli_bump_data_version(${key ? `'${key}'` : ''})`,
      )
      .execute(db);
    return;
  }
  for (const [op, row] of [
    ['INSERT', 'NEW'],
    ['UPDATE', 'NEW'],
    ['DELETE', 'OLD'],
  ] as const) {
    const scope = key ? `'t:${table}/' || ${row}.${key}` : `'t:${table}'`;
    await sql
      .raw(
        `CREATE TRIGGER ${table}_data_version_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN ` +
          `INSERT INTO data_versions (scope, version) VALUES (${scope}, 1) ` +
          `ON CONFLICT (scope) DO UPDATE SET version = version + 1; END`,
      )
      .execute(db);
    if (op === 'UPDATE' && key) {
      // A row moved to another community (or session) leaves the old one's answer stale too.
      await sql
        .raw(
          `CREATE TRIGGER ${table}_data_version_moved AFTER UPDATE OF ${key} ON ${table} ` +
            `WHEN OLD.${key} IS NOT NEW.${key} BEGIN ` +
            `INSERT INTO data_versions (scope, version) VALUES ('t:${table}/' || OLD.${key}, 1) ` +
            `ON CONFLICT (scope) DO UPDATE SET version = version + 1; END`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  for (const table of VERSIONED_TABLES) {
    if (dialect === 'postgres') {
      await sql.raw(`DROP TRIGGER IF EXISTS ${table}_data_version ON ${table}`).execute(db);
    } else {
      for (const suffix of ['insert', 'update', 'delete', 'moved'])
        await sql.raw(`DROP TRIGGER IF EXISTS ${table}_data_version_${suffix}`).execute(db);
    }
  }
  if (dialect === 'postgres') await sql.raw('DROP FUNCTION IF EXISTS zhongli_bump_data_version()').execute(db);
  await db.schema.dropTable('data_versions').execute();
}
