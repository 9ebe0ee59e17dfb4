import path from 'node:path';
import { createStandaloneDatabase } from './support/standalone-database.js';
import { startServerProcess } from './support/server-process.js';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The real server process, started the way `npm start` starts it, on the database of this
 * project (SQLite in a fresh DATA_DIR, or a fresh PostgreSQL database via DATABASE_URL): it
 * seeds, serves, and keeps its data across a restart.
 */
let database: Awaited<ReturnType<typeof createStandaloneDatabase>>;

afterAll(() => database?.drop());

describe('the server process', () => {
  it('starts on its database, serves the demo county, and keeps data across a restart', async () => {
    database = await createStandaloneDatabase();
    const env = { ...database.env, DEMO: '1', WEB_DIST: path.join(database.env.DATA_DIR, 'no-web') };
    let server = await startServerProcess(env);
    const base = server.baseUrl;
    try {
      const health = await (await fetch(`${base}/healthz`)).json();
      expect(health).toEqual({ status: 'ok', db: database.dialect });
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '13800000000', password: 'zhongli2026' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const created = await fetch(`${base}/api/communities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: '重启测试社区' }),
      });
      expect(created.status).toBe(201);

      await server.stop();
      server = await startServerProcess(env, Number(new URL(base).port));
      const communities = (await (await fetch(`${base}/api/public/communities`)).json()) as { name: string }[];
      expect(communities.map((c) => c.name)).toContain('重启测试社区');
      expect(communities.filter((c) => c.name === '东城社区')).toHaveLength(1);
      // The session lives in the database: still signed in after the restart.
      expect((await fetch(`${base}/api/me`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
