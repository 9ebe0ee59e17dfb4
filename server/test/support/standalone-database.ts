import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, openSqlite, type DatabaseHandle } from '../../src/db/connect.js';
import { prepareDatabase } from '../../src/db/prepare.js';
import { databaseBlobStore } from '../../src/platform/blobs.js';
import { systemClock } from '../../src/platform/clock.js';
import type { AppDeps } from '../../src/platform/deps.js';

/**
 * A whole database for tests that start separate processes (the server, the CLI): a fresh
 * DATA_DIR with its SQLite file, or — in the server:postgres project — a fresh PostgreSQL
 * database. `env` is what the child process needs to find it.
 */
export async function createStandaloneDatabase() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zhongli-standalone-'));
  if (process.env.ZL_TEST_DB !== 'postgres') {
    return {
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      dialect: 'sqlite' as const,
      open: (): DatabaseHandle => openSqlite(path.join(dataDir, 'zhongli.sqlite')),
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `zl_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    dialect: 'postgres' as const,
    open: (): DatabaseHandle => openPostgres(url.toString()),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The use cases' dependencies over a standalone database, prepared as a server start prepares it:
 * for the test's own set-up and checks beside the processes it starts. The session secret must be
 * the processes' own when the test signs cookies for them.
 */
export async function standaloneDeps(handle: DatabaseHandle, sessionSecret = 'x'.repeat(32)): Promise<AppDeps> {
  const { idDigestKey } = await prepareDatabase(handle.db, handle.dialect, '测试中心');
  return {
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    config: { sessionSecret, cookieSecure: false, centerName: '测试中心' },
    idDigestKey,
    blobs: databaseBlobStore(handle.db, systemClock),
  };
}
