import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSqliteFile } from '../src/db/backup.js';
import { onPostgres } from './support/database.js';
import { buildCommunity, buildPointsRules, buildResident, buildStaff } from './support/factories.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { createStandaloneDatabase, standaloneDeps } from './support/standalone-database.js';
import { TEST_PASSWORD } from './support/app.js';

/**
 * Backups taken while the server is awarding points: every award acknowledged before the backup
 * started must be in the copy, and the copy must verify. SQLite: `npm run backup` / `npm run
 * restore`; PostgreSQL: pg_dump -Fc and pg_restore into a fresh database, as the README says.
 */
const run = promisify(execFile);
const serverDir = path.resolve(import.meta.dirname, '..');
const script = (name: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
    cwd: serverDir,
    env: { ...process.env, ...env },
  });

let database: Awaited<ReturnType<typeof createStandaloneDatabase>>;
let server: ServerProcess;
let cookie: string;
let residentIds: number[];
let ruleId: number;
const scratch = mkdtempSync(path.join(tmpdir(), 'zhongli-backup-'));

beforeAll(async () => {
  database = await createStandaloneDatabase();
  const handle = database.open();
  let staff: { phone: string };
  try {
    const deps = await standaloneDeps(handle);
    const community = await buildCommunity(deps);
    ruleId = (
      await buildPointsRules(deps, community.id, [{ code: 'A', name: '志愿服务', category: '其他', points: 2 }])
    ).A;
    residentIds = [];
    for (let i = 0; i < 8; i++) residentIds.push((await buildResident(deps, { communityId: community.id })).id);
    staff = await buildStaff(deps, community.id);
  } finally {
    // Closed before the server starts, so the file holds the schema and the set-up (a last close checkpoints the WAL).
    await handle.close();
  }
  server = await startServerProcess({
    ...database.env,
    DEMO: '0',
    WEB_DIST: path.join(scratch, 'no-web'),
  });
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: staff.phone, password: TEST_PASSWORD }),
  });
  expect(login.status).toBe(200);
  cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Four desks awarding points until stopped; `acknowledged` lists each entry id the server answered 201 for. */
function awardLoad() {
  const acknowledged: number[] = [];
  let running = true;
  const desk = async (n: number) => {
    for (let i = 0; running; i++) {
      const response = await fetch(`${server.baseUrl}/api/points/awards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ residentId: residentIds[(n + i) % residentIds.length], ruleId }),
      });
      if (response.status !== 201) throw new Error(`award answered ${response.status}: ${await response.text()}`);
      acknowledged.push(((await response.json()) as { entry: { id: number } }).entry.id);
    }
  };
  const desks = Promise.all([0, 1, 2, 3].map(desk));
  return {
    acknowledged,
    async until(count: number) {
      while (acknowledged.length < count) await new Promise((r) => setTimeout(r, 20));
    },
    async stop() {
      running = false;
      await desks;
    },
  };
}

/**
 * Takes `rounds` copies during one load, each after 30 more acknowledged awards; returns, per copy,
 * the ids acknowledged before it started. Several copies, because SQLite checkpoints its WAL now and
 * then: a plain copy taken just after a checkpoint can happen to be complete.
 */
async function underLoad(takeCopy: (round: number) => Promise<void>, rounds: number): Promise<number[][]> {
  const load = awardLoad();
  const befores: number[][] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      await load.until(load.acknowledged.length + 30);
      befores.push([...load.acknowledged]);
      await takeCopy(round);
    }
    await load.until(load.acknowledged.length + 20);
    return befores;
  } finally {
    await load.stop();
  }
}

function sqliteEntryIds(file: string): Set<number> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return new Set((db.prepare('select id from points_ledger').all() as { id: number }[]).map((r) => r.id));
  } finally {
    db.close();
  }
}

/** points:verify on a copy, as an auditor would run it: a DATA_DIR holding the copy as its database. */
async function verifySqliteCopy(file: string) {
  const dir = mkdtempSync(path.join(scratch, 'verify-'));
  copyFileSync(file, path.join(dir, 'zhongli.sqlite'));
  return script('points-verify', [], { DATA_DIR: dir, DATABASE_URL: '' }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
}

const missing = (before: number[], present: Set<number>) => before.filter((id) => !present.has(id)).length;

describe.runIf(!onPostgres)('npm run backup and npm run restore (SQLite)', () => {
  it('control: plain copies of zhongli.sqlite under load miss acknowledged awards (they are in its WAL), and points:verify passes on them all the same', async () => {
    const copy = (round: number) => path.join(scratch, `plain-copy-${round}.sqlite`);
    const befores = await underLoad(
      async (round) => copyFileSync(path.join(database.env.DATA_DIR, 'zhongli.sqlite'), copy(round)),
      3,
    );
    const missed = befores.map((before, round) => missing(before, sqliteEntryIds(copy(round))));
    expect(
      missed.some((n) => n > 0),
      `missed per copy: ${missed.join(', ')}`,
    ).toBe(true);
    for (const round of befores.keys()) expect((await verifySqliteCopy(copy(round))).code).toBe(0);
  }, 60_000);

  it('backups under load hold every award acknowledged before they started and verify; restore brings one back and verifies', async () => {
    const file = (round: number) => path.join(scratch, 'backups', `under-load-${round}.sqlite`);
    mkdirSync(path.join(scratch, 'backups'), { recursive: true });
    // In this process, so that each copy starts the moment its acknowledged awards are counted.
    const befores = await underLoad(
      async (round) => void backupSqliteFile(path.join(database.env.DATA_DIR, 'zhongli.sqlite'), file(round)),
      3,
    );
    for (const [round, before] of befores.entries()) {
      const inCopy = sqliteEntryIds(file(round));
      expect([round, missing(before, inCopy)]).toEqual([round, 0]);
      const verified = await verifySqliteCopy(file(round));
      expect([verified.code, verified.stdout]).toEqual([0, expect.stringContaining(`entries: ${inCopy.size}`)]);
    }
    const last = file(befores.length - 1);
    const inCopy = sqliteEntryIds(last);

    // Restore over the live database (server stopped): the awards after the backup are gone, the rest verifies.
    await server.stop();
    const live = path.join(database.env.DATA_DIR, 'zhongli.sqlite');
    expect(sqliteEntryIds(live).size).toBeGreaterThan(inCopy.size);
    const restored = await script('restore', [last], database.env);
    expect(restored.stdout).toContain('OK: every balance equals the sum of its entries');
    expect(sqliteEntryIds(live)).toEqual(inCopy);
    expect(readdirSync(database.env.DATA_DIR).some((f) => f.startsWith('zhongli.sqlite.before-restore-'))).toBe(true);

    server = await startServerProcess({ ...database.env, DEMO: '0', WEB_DIST: path.join(scratch, 'no-web') });
    expect((await fetch(`${server.baseUrl}/api/me`, { headers: { cookie } })).status).toBe(200);
  }, 120_000);

  it('npm run backup copies the running database; restore refuses while the server is running and changes nothing', async () => {
    const live = path.join(database.env.DATA_DIR, 'zhongli.sqlite');
    const entries = sqliteEntryIds(live).size;
    const file = path.join(scratch, 'backups', 'while-running.sqlite');
    const { stdout } = await script('backup', [file], database.env);
    expect(stdout).toContain(`备份完成 ${file}`);
    expect(stdout).toContain(`session secret (${path.join(database.env.DATA_DIR, 'session-secret')})`);
    expect((await verifySqliteCopy(file)).code).toBe(0);
    await expect(script('restore', [file], database.env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('stop the server'),
    });
    expect(sqliteEntryIds(live).size).toBe(entries);
    expect((await fetch(`${server.baseUrl}/api/me`, { headers: { cookie } })).status).toBe(200);
  }, 60_000);

  it('restore refuses a file that is not a sound database and changes nothing', async () => {
    const live = path.join(database.env.DATA_DIR, 'zhongli.sqlite');
    const entries = sqliteEntryIds(live).size;
    const junk = path.join(scratch, 'junk.sqlite');
    copyFileSync(path.join(serverDir, 'package.json'), junk);
    await server.stop(); // so that it is the file, not the running server, that is refused
    const refused = await script('restore', [junk], database.env).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not a sound Zhongli backup');
    expect(refused.stderr).not.toMatch(/\n\s+at /); // one line, not a stack trace
    expect(sqliteEntryIds(live).size).toBe(entries);
  }, 60_000);
});

/** The PostgreSQL client programs of the newest installed version (Debian keeps them out of PATH). */
function pgProgram(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(root, v, 'bin', name)).find(existsSync);
  if (!found) throw new Error(`${name} not found under ${root} (apt-get install postgresql-client)`);
  return found;
}

describe.runIf(onPostgres)('pg_dump -Fc and pg_restore, as the README says (PostgreSQL)', () => {
  it('a dump under load holds every award acknowledged before it started; restored into a fresh database it verifies', async () => {
    const dump = path.join(scratch, 'zhongli.dump');
    const [before] = await underLoad(async () => {
      await run(pgProgram('pg_dump'), ['-Fc', '-f', dump, database.env.DATABASE_URL]);
    }, 1);

    const fresh = new URL(database.env.DATABASE_URL);
    fresh.pathname = `${fresh.pathname}_restored`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${fresh.pathname.slice(1)}`);
      await run(pgProgram('pg_restore'), ['--no-owner', '--exit-on-error', '-d', fresh.toString(), dump]);
      const verified = await script('points-verify', [], { ...database.env, DATABASE_URL: fresh.toString() });
      expect(verified.stdout).toContain('OK: every balance equals the sum of its entries');

      const copy = new pg.Client({ connectionString: fresh.toString() });
      await copy.connect();
      try {
        const { rows } = await copy.query<{ id: string }>('select id from points_ledger');
        const inCopy = new Set(rows.map((r) => Number(r.id)));
        expect(missing(before!, inCopy)).toBe(0);
        // The append-only triggers come back with the data.
        await expect(copy.query('update points_ledger set delta = 40')).rejects.toThrow(/append-only/);
      } finally {
        await copy.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${fresh.pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
