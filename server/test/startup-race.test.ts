import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from './support/database.js';
import { createStandaloneDatabase } from './support/standalone-database.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

/**
 * Two instances started at the same moment on one empty PostgreSQL database: both migrate and both
 * find no demo county and no admin, so without a lock around the first-start work one of them
 * crashes on a unique key (communities_name_key, users_phone_key). SQLite is one process per file:
 * there is no second instance to race.
 */
const TRIALS = 5;
const ADMIN_PHONE = '13800009999';
const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function startTogether(env: Record<string, string>): Promise<PromiseSettledResult<ServerProcess>[]> {
  // Each instance has its own DATA_DIR, as on two machines; they share the database and the secret.
  const dataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zhongli-instance-'));
    scratch.push(dir);
    return { DATA_DIR: dir, WEB_DIST: path.join(dir, 'no-web') };
  };
  return Promise.allSettled([
    startServerProcess({ ...env, ...dataDir() }),
    startServerProcess({ ...env, ...dataDir() }),
  ]);
}

async function trial(env: Record<string, string>): Promise<string[]> {
  const database = await createStandaloneDatabase();
  const started = await startTogether({ ...database.env, ...env, SESSION_SECRET: 'two-instances-share-this-secret' });
  try {
    const outcomes: string[] = [];
    for (const s of started) {
      if (s.status === 'rejected') {
        outcomes.push(
          `crashed: ${/duplicate key[^\n]*/.exec(String(s.reason))?.[0] ?? String(s.reason).slice(0, 200)}`,
        );
        continue;
      }
      const health = await fetch(`${s.value.baseUrl}/healthz`);
      outcomes.push(health.ok ? 'healthy' : `health ${health.status}`);
    }
    // The work was done once: one county, one admin account.
    const check = database.open();
    try {
      const communities = await check.db.selectFrom('communities').select('name').execute();
      const admins = await check.db.selectFrom('users').select('id').where('phone', '=', ADMIN_PHONE).execute();
      outcomes.push(
        `communities ${communities.length}/${new Set(communities.map((c) => c.name)).size}, admins ${admins.length}`,
      );
    } finally {
      await check.close();
    }
    return outcomes;
  } finally {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    await database.drop();
  }
}

/** Every trial's outcome, so a failure shows how many of the trials crashed and on which key. */
async function trials(env: Record<string, string>): Promise<string[][]> {
  const outcomes = [];
  for (let i = 0; i < TRIALS; i++) outcomes.push(await trial(env));
  return outcomes;
}

describe.runIf(onPostgres)(
  'two instances started at the same moment on an empty PostgreSQL database (PostgreSQL only: SQLite is one process per file)',
  () => {
    it(`with ADMIN_PHONE and no demo: both come up, one admin account (${TRIALS} trials)`, async () => {
      const outcomes = await trials({ DEMO: '0', ADMIN_PHONE, ADMIN_PASSWORD: 'Admin-pass-2026' });
      expect(outcomes).toEqual(Array(TRIALS).fill(['healthy', 'healthy', 'communities 0/0, admins 1']));
    }, 300_000);

    it(`in demo mode with ADMIN_PHONE: both come up, one demo county, one admin account (${TRIALS} trials)`, async () => {
      const outcomes = await trials({ DEMO: '1', ADMIN_PHONE, ADMIN_PASSWORD: 'Admin-pass-2026' });
      expect(outcomes).toEqual(Array(TRIALS).fill(['healthy', 'healthy', 'communities 6/6, admins 1']));
    }, 600_000);
  },
);
