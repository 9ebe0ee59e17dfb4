import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createServer } from 'node:net';
import { createStandaloneDatabase } from './support/standalone-database.js';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The real server process, started the way `npm start` starts it, on the database of this
 * project (SQLite in a fresh DATA_DIR, or a fresh PostgreSQL database via DATABASE_URL): it
 * seeds, serves, and keeps its data across a restart.
 */
const serverDir = path.resolve(import.meta.dirname, '..');
let database: Awaited<ReturnType<typeof createStandaloneDatabase>>;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...database.env,
      DEMO: '1',
      LOG_LEVEL: 'warn',
      WEB_DIST: path.join(database.env.DATA_DIR, 'no-web'),
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

afterAll(() => database?.drop());

describe('the server process', () => {
  it('starts on its database, serves the demo county, and keeps data across a restart', async () => {
    database = await createStandaloneDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(port);
    try {
      const health = await (await fetch(`${base}/healthz`)).json();
      expect(health).toEqual({ status: 'ok', db: database.dialect });
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
