/**
 * `npm start` → first answer: how long from the command to the first 200 on /healthz, the server run
 * through tsx (as before: `tsx src/main.ts`, compiling TypeScript on every start) against the compiled
 * server (`node dist/main.js`, what `npm start` runs now). Both go through npm and ensure-build exactly
 * as an operator's `npm start` does, on one demo database created before the rounds (a start after the
 * first: the demo county is seeded already). Each round starts tsx and node once, alternately; the
 * first round is the fresh figure (first start after the build), the others warm.
 *
 *   BENCH_ONLY=startup npm run bench
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../test/support/server-process.js';
import { fmt, log, makeTempDir, table } from './support.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface StartupRound {
  round: number;
  tsxMs: number;
  nodeMs: number;
}

const COMMANDS = {
  tsx: 'node scripts/ensure-build.mjs && npm run start:tsx -w server',
  node: 'npm start',
} as const;

/** Milliseconds from spawning `command` to the first 200 on /healthz; the process group is then stopped. */
async function timeToFirstAnswer(command: string, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('sh', ['-c', command], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: 'ignore',
    detached: true, // its own process group: npm → sh → node all stop together
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return performance.now() - started;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

export async function runStartupBench(rounds: number): Promise<StartupRound[]> {
  const dataDir = makeTempDir('startup');
  const env = { DATA_DIR: dataDir, DEMO: '1', DATABASE_URL: '' };
  log(`\nnpm start → first answer on the demo database (tsx before, compiled node after), ${rounds} rounds`);
  await timeToFirstAnswer(COMMANDS.node, env); // creates and seeds the demo database, builds what is stale
  const results: StartupRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    const tsxMs = await timeToFirstAnswer(COMMANDS.tsx, env);
    const nodeMs = await timeToFirstAnswer(COMMANDS.node, env);
    results.push({ round, tsxMs, nodeMs });
  }
  log(
    table(
      ['round', 'tsx (ms)', 'node (ms)', 'node / tsx'],
      results.map((r) => [String(r.round), fmt(r.tsxMs), fmt(r.nodeMs), (r.nodeMs / r.tsxMs).toFixed(2)]),
    ),
  );
  return results;
}
