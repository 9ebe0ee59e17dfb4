import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { countyDateOf } from '@zhongli/domain';
import { seededRandom } from '../../src/demo/names.js';
import { TEST_PASSWORD } from '../support/app.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { createStandaloneDatabase } from '../support/standalone-database.js';
import { checkAfterCrash } from './check.js';
import { runLoad, signInAs, type LoadState } from './load.js';
import { seedCrashWorld } from './world.js';

export interface CrashLoopReport {
  dialect: 'sqlite' | 'postgres';
  cycles: number;
  seed: number;
  requests: number;
  acknowledged: number;
  byKind: Record<string, number>;
  /** Problems found after a kill, with the cycle: empty is the pass. */
  problems: string[];
  serverErrors: string[];
  killAfterMs: number[];
  seconds: number;
}

/**
 * The crash loop: the real server on a fresh database (SQLite in a fresh DATA_DIR, or a fresh
 * PostgreSQL database when ZL_TEST_DB=postgres), a mixed load of sign-ups, check-ins, awards,
 * redemptions, voucher claims and honours, bookings and cancellations, `kill -9` at a random moment,
 * then the checks of check.ts on the database as the kill left it, then a restart — `cycles` times.
 */
export async function runCrashLoop(options: {
  cycles: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<CrashLoopReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  // The demo's generator: a failing run is repeated with its seed.
  const random = seededRandom(seed);
  const log = options.log ?? (() => {});
  const started = Date.now();
  const database = await createStandaloneDatabase();
  const report: CrashLoopReport = {
    dialect: database.dialect,
    cycles: 0,
    seed,
    requests: 0,
    acknowledged: 0,
    byKind: {},
    problems: [],
    serverErrors: [],
    killAfterMs: [],
    seconds: 0,
  };
  const seedHandle = database.open();
  const world = await seedCrashWorld(seedHandle);
  await seedHandle.close();
  const env = { ...database.env, DEMO: '0', WEB_DIST: path.join(database.env.DATA_DIR, 'no-web'), LOG_LEVEL: 'fatal' };
  const entry = await bundleServer(database.env.DATA_DIR);
  let server: ServerProcess | undefined = await startServerProcess(env, undefined, entry);
  const port = Number(new URL(server.baseUrl).port);
  try {
    const base = server.baseUrl;
    const client = {
      staff: await signInAs(base, world.staffPhone, TEST_PASSWORD),
      merchant: await signInAs(base, world.merchantPhone, TEST_PASSWORD),
    };
    const state: LoadState = {
      acknowledged: [],
      vouchers: [],
      bookings: [],
      registrations: [],
      busy: new Set(),
      done: new Set(),
      checkedIn: new Set(),
      offerId: await createOffer(base, client.staff, world.merchantId),
      sessionIds: await openSessions(base, world.serviceId),
      requests: 0,
      answered: {},
    };
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      server ??= await startServerProcess(env, port, entry);
      const killAfterMs = 150 + Math.floor(random() * 1200);
      const running = server;
      const load = runLoad(base, world, state, client, random);
      await new Promise((r) => setTimeout(r, killAfterMs));
      const exited = new Promise((r) => running.child.once('exit', r));
      running.child.kill('SIGKILL');
      await exited;
      server = undefined;
      report.serverErrors.push(...(await load));
      const handle = database.open();
      try {
        const problems = await checkAfterCrash(handle, state.acknowledged);
        report.problems.push(...problems.map((p) => `cycle ${cycle}: ${p}`));
      } finally {
        await handle.close();
      }
      report.cycles = cycle;
      report.killAfterMs.push(killAfterMs);
      log(`cycle ${cycle}: killed after ${killAfterMs} ms; ${state.acknowledged.length} acknowledged so far`);
    }
    report.requests = state.requests;
    report.acknowledged = state.acknowledged.length;
    for (const a of state.acknowledged) report.byKind[a.kind] = (report.byKind[a.kind] ?? 0) + 1;
  } finally {
    if (server) await server.stop();
    rmSync(entry, { force: true });
    await database.drop();
    report.seconds = Math.round((Date.now() - started) / 1000);
  }
  return report;
}

/**
 * main.ts and the domain package in one ES module, the npm dependencies left to node_modules:
 * what `npm start` runs, without compiling TypeScript on each of the loop's restarts.
 */
async function bundleServer(dir: string): Promise<string> {
  const serverDir = path.resolve(import.meta.dirname, '../..');
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
  const dependencies = Object.keys({
    ...read(path.join(serverDir, 'package.json')).dependencies,
    ...read(path.join(serverDir, '../domain/package.json')).dependencies,
  }).filter((name) => name !== '@zhongli/domain');
  // Inside server/ so that the dependencies resolve from node_modules as they do for main.ts.
  const outfile = path.join(serverDir, '.crash', `${path.basename(dir)}.mjs`);
  await build({
    entryPoints: [path.join(serverDir, 'src/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: dependencies.flatMap((name) => [name, `${name}/*`]),
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

async function createOffer(base: string, cookie: string, merchantId: number): Promise<number> {
  const response = await fetch(`${base}/api/vouchers/offers`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      merchantId,
      title: '崩溃测试代金券',
      faceValueFen: 500,
      pointsCost: 10,
      quantity: 40,
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      perResidentLimit: 10,
    }),
  });
  if (response.status !== 201) throw new Error(`voucher offer: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: number }).id;
}

/** The service's next sessions that take bookings now (a session's booking opens days ahead). */
async function openSessions(base: string, serviceId: number): Promise<number[]> {
  const from = countyDateOf(new Date(Date.now() + 86_400_000));
  const to = countyDateOf(new Date(Date.now() + 10 * 86_400_000));
  const response = await fetch(`${base}/api/public/services/${serviceId}/sessions?from=${from}&to=${to}`);
  if (response.status !== 200) throw new Error(`sessions: ${response.status} ${await response.text()}`);
  const sessions = (await response.json()) as { id: number }[];
  if (sessions.length === 0) throw new Error('the crash world has no open sessions');
  return sessions.slice(0, 6).map((s) => s.id);
}
