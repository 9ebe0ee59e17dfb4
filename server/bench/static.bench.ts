/**
 * Issue 15, parts 1 and 2: what a phone downloads first, and how fast the server hands out the web
 * app's files.
 *
 * 1. First-load bytes (static): index.html and the files it names (entry script, its modulepreloads,
 *    the stylesheet, the icon), as brotli copies where the build wrote them — the part of the resident
 *    home's first load that is the same for everyone. The browser journeys' e2e/tests/first-load.test.ts
 *    measures the whole load (API calls, lazy chunks) through Chromium on an emulated slow link.
 * 2. Throughput: autocannon (BENCH_CONNECTIONS, 10) against the real app for a hashed asset (the entry
 *    script) and for `/` (index.html), each against a bare Fastify route answering the same bytes,
 *    measured in the same round (static.server.ts). Requests ask for brotli, as browsers do.
 *    BENCH_STATIC_SECONDS (5) per measurement after a 1 s warm-up, BENCH_STATIC_ROUNDS (3) rounds.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fmt, log, table } from './support.js';

export interface StaticRound {
  round: number;
  asset: { app: number; bare: number; ratio: number };
  index: { app: number; bare: number; ratio: number };
}

export interface FirstLoadFiles {
  requests: number;
  bytes: number;
  files: { url: string; bytes: number; encoding: 'br' | 'identity' }[];
}

const webDist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** The files index.html makes the browser fetch before any code runs, at their transferred (brotli) size. */
export function firstLoadFiles(dist = webDist): FirstLoadFiles {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const urls = ['/index.html', ...[...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!)];
  // files only: the preloaded /api/me is an API answer, counted by the browser journey
  const files = [...new Set(urls)]
    .filter((url) => existsSync(path.join(dist, url)))
    .map((url) => {
      const file = path.join(dist, url);
      const br = `${file}.br`;
      return existsSync(br)
        ? { url, bytes: statSync(br).size, encoding: 'br' as const }
        : { url, bytes: statSync(file).size, encoding: 'identity' as const };
    });
  return { requests: files.length, bytes: files.reduce((s, f) => s + f.bytes, 0), files };
}

async function requestsPerSecond(url: string, connections: number, seconds: number): Promise<number> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
  });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result['2xx'] / result.duration;
}

export async function runStaticBench(options: { rounds: number; connections: number; seconds: number }) {
  if (!existsSync(path.join(webDist, 'index.html')))
    throw new Error('the static bench needs the built web app: npm run build');
  const firstLoad = firstLoadFiles();
  log(
    `\nFirst load, static part (index.html and what it names, brotli where built): ${firstLoad.requests} requests, ${fmt(firstLoad.bytes / 1000, 1)} kB`,
  );
  for (const f of firstLoad.files) log(`  ${fmt(f.bytes / 1000, 1).padStart(6)} kB ${f.encoding.padEnd(8)} ${f.url}`);

  const asset = firstLoad.files.find((f) => f.url.startsWith('/assets/') && f.url.endsWith('.js'))!.url;
  log(
    `\nStatic files vs a bare route answering the same bytes: ${options.connections} connections × ${options.seconds} s after a 1 s warm-up, ${options.rounds} rounds; asset ${asset}`,
  );
  const child = fork(fileURLToPath(new URL('./static.server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_WEB_DIST: webDist, BENCH_ASSET: asset },
  });
  const ready = await new Promise<{ appUrl: string; bareUrl: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { appUrl: string; bareUrl: string }));
    child.once('exit', (code) => reject(new Error(`static bench server exited with ${code}`)));
  });
  const rounds: StaticRound[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const targets = [
        ['bareAsset', `${ready.bareUrl}/asset`],
        ['appAsset', `${ready.appUrl}${asset}`],
        ['bareIndex', `${ready.bareUrl}/index`],
        ['appIndex', `${ready.appUrl}/`],
      ] as const;
      // reversed every other round, so neither side always runs first
      const order = round % 2 === 1 ? targets : [...targets].reverse();
      const rps: Record<string, number> = {};
      for (const [name, url] of order) {
        await requestsPerSecond(url, options.connections, 1);
        rps[name] = await requestsPerSecond(url, options.connections, options.seconds);
      }
      rounds.push({
        round,
        asset: { app: rps.appAsset!, bare: rps.bareAsset!, ratio: rps.appAsset! / rps.bareAsset! },
        index: { app: rps.appIndex!, bare: rps.bareIndex!, ratio: rps.appIndex! / rps.bareIndex! },
      });
      log(
        `  round ${round}: asset ${fmt(rps.appAsset!)} vs bare ${fmt(rps.bareAsset!)} req/s (${fmt(rps.appAsset! / rps.bareAsset!, 2)}); index.html ${fmt(rps.appIndex!)} vs bare ${fmt(rps.bareIndex!)} req/s (${fmt(rps.appIndex! / rps.bareIndex!, 2)})`,
      );
    }
  } finally {
    child.send({ type: 'stop' });
  }
  const spread = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${fmt(sorted[0]!, 2)} / ${fmt(sorted[Math.floor(sorted.length / 2)]!, 2)} / ${fmt(sorted[sorted.length - 1]!, 2)}`;
  };
  log(
    `\n${table(
      ['static files', 'min / median / max'],
      [
        ['first load (static part): requests', String(firstLoad.requests)],
        ['first load (static part): kB transferred', fmt(firstLoad.bytes / 1000, 1)],
        ['hashed asset ÷ bare route, requests/s', spread(rounds.map((r) => r.asset.ratio))],
        ['index.html ÷ bare route, requests/s', spread(rounds.map((r) => r.index.ratio))],
      ],
    )}`,
  );
  return { firstLoad, rounds };
}
