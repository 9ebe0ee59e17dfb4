import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The real server process, started the way `npm start` starts it, on the database of this
 * project (SQLite in a fresh DATA_DIR, or a fresh PostgreSQL database via DATABASE_URL): it
 * seeds, serves, and keeps its data across a restart.
 */
const serverDir = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'zhongli-process-'));
let databaseUrl: string | undefined;
let dropDatabase = async () => {};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function prepareDatabaseUrl() {
  if (process.env.ZL_TEST_DB !== 'postgres') return;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  const name = `zl_process_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: '1',
      LOG_LEVEL: 'warn',
      WEB_DIST: path.join(dataDir, 'no-web'),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`server did not start: ${output}`);
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

afterAll(async () => {
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server process', () => {
  it('starts on its database, serves the demo county, and keeps data across a restart', async () => {
    await prepareDatabaseUrl();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(port);
    try {
      const health = await (await fetch(`${base}/healthz`)).json();
      expect(health).toEqual({ status: 'ok', db: databaseUrl ? 'postgres' : 'sqlite' });
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '13800000000', password: 'zhongli2026' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const created = await fetch(`${base}/api/communities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: '重启测试社区' }),
      });
      expect(created.status).toBe(201);

      await stopServer(server);
      server = await startServer(port);
      const communities = (await (await fetch(`${base}/api/public/communities`)).json()) as { name: string }[];
      expect(communities.map((c) => c.name)).toContain('重启测试社区');
      expect(communities.filter((c) => c.name === '东城社区')).toHaveLength(1);
      // The session lives in the database: still signed in after the restart.
      expect((await fetch(`${base}/api/me`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await stopServer(server);
    }
  }, 60_000);
});
