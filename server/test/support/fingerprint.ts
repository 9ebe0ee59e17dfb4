import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDeps } from '../../src/platform/deps.js';

/**
 * Every table's rows, hashed: any insert, update or delete anywhere changes it. For tests that
 * assert a refused request wrote nothing at all (not only in the table it aimed at).
 */
export async function databaseFingerprint(deps: AppDeps): Promise<string> {
  const tables =
    deps.dialect === 'postgres'
      ? (
          await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(deps.db)
        ).rows
      : (
          await sql<{ name: string }>`SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(deps.db)
        ).rows;
  const hash = createHash('sha256');
  for (const { name } of tables) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(deps.db)).rows;
    const lines = rows.map((r) => JSON.stringify(r)).sort();
    hash.update(`${name}:${lines.length}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}
