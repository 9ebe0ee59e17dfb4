import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../src/platform/deps.js';

const tablesOf = new WeakMap<object, Promise<string[]>>();

async function listTables(deps: AppDeps): Promise<string[]> {
  const rows =
    deps.dialect === 'postgres'
      ? (
          await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(deps.db)
        ).rows
      : (
          await sql<{ name: string }>`SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(deps.db)
        ).rows;
  return rows.map((r) => r.name);
}

/**
 * Every table's rows, hashed: any insert, update or delete anywhere changes it. For tests that
 * assert a refused request wrote nothing at all (not only in the table it aimed at). The tables are
 * listed once per database; on PostgreSQL the rows are hashed by the server in one round trip.
 */
export async function databaseFingerprint(deps: AppDeps): Promise<string> {
  let tables = tablesOf.get(deps.db);
  if (!tables) tablesOf.set(deps.db, (tables = listTables(deps)));
  const names = await tables;
  if (deps.dialect === 'postgres') {
    const perTable = names.map(
      (name) =>
        sql`(SELECT ${name} || ':' || count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM ${sql.table(name)} r)`,
    );
    const row = await sql<{ f: string }>`SELECT concat_ws(',', ${sql.join(perTable)}) AS f`.execute(deps.db);
    return createHash('sha256').update(row.rows[0]!.f).digest('hex');
  }
  const hash = createHash('sha256');
  for (const name of names) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(deps.db)).rows;
    const lines = rows.map((r) => JSON.stringify(r)).sort();
    hash.update(`${name}:${lines.length}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}
