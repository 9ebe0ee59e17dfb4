import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, openSqlite, type DatabaseHandle } from '../../src/db/connect.js';

/**
 * A fresh, empty database for one test file: a temporary SQLite file (with the production
 * pragmas), or — in the server:postgres project — a new schema in TEST_DATABASE_URL, dropped
 * afterwards. Both run the real migrations.
 */
export async function openTestDatabase(): Promise<
  DatabaseHandle & {
    drop(): Promise<void>;
    /** another connection (pool) to the same database: a second instance */ reopen(): DatabaseHandle;
  }
> {
  if (process.env.ZL_TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('ZL_TEST_DB=postgres needs TEST_DATABASE_URL');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const handle = openPostgres(url, { schema, max: 10 });
    return {
      ...handle,
      reopen: () => openPostgres(url, { schema, max: 10 }),
      drop: async () => {
        await handle.close();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'zhongli-test-'));
  const handle = openSqlite(path.join(dir, 'test.sqlite'));
  return {
    ...handle,
    reopen: () => openSqlite(path.join(dir, 'test.sqlite')),
    drop: async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- points, shop, vouchers, merchants: naming the naive concurrency controls ---------------------

/** Whether this run is the PostgreSQL suite (server:postgres) rather than SQLite. */
export const onPostgres = process.env.ZL_TEST_DB === 'postgres';

/**
 * The name of a naive control, which does its check inside the transaction as the bug is usually
 * written. PostgreSQL runs transactions side by side: there the control must break the invariant.
 * SQLite runs one write transaction at a time: there the same control can only show that the check
 * itself is right, and says so.
 */
export function raceControl(races: string, serialised: string): string {
  return onPostgres
    ? `control: ${races}`
    : `control: ${serialised} (SQLite serialises writers: shows the guard, cannot show the race)`;
}
