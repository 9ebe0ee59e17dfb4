import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startServerProcess } from '../../server/test/support/server-process.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningServer {
  baseUrl: string;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /**
   * Environment on top of the defaults. `{ DEMO: '0', ADMIN_PHONE, ADMIN_PASSWORD, PUBLIC_URL: '' }` is an
   * empty install as a real center starts it: no demo county, one center admin, no public address yet.
   */
  env?: Record<string, string>;
}

/**
 * The real platform as `npm start` runs it — built web app, compiled server (server/dist), demo county, its own fresh DATA_DIR —
 * on a free loopback port, with PUBLIC_URL set to that address. On PostgreSQL when E2E_DATABASE_URL is given.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<RunningServer> {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/ensure-build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('web build failed');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zhongli-e2e-'));
  const port = await freePort();
  const server = await startServerProcess(
    {
      DATA_DIR: dataDir,
      DEMO: '1',
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      // the address the browser uses, as a deployment sets it: QR codes and feeds link here
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...options.env,
    },
    port,
    // the compiled server, as `npm start` runs it (ensure-build above built it): the journeys prove the build works
    path.join(root, 'server/dist/main.js'),
  );
  return {
    baseUrl: server.baseUrl,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
