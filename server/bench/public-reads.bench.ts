/**
 * Public reads (issue 15 part 4): each of the five answers every resident opens — the week's menu,
 * one community's shelf, the honour roll, the results wall, the waiting-hall display — under the
 * same autocannon load as a bare Fastify GET route, with the public cache off (the "before") and on,
 * three rounds, in one run. Ratio = the read's requests/s ÷ the bare route's in the same round.
 *
 * The cached figure is what residents get between writes: the version check (one indexed read of
 * `data_versions`) plus the stored body. Writes interleaved with reads would sit between the two.
 * BENCH_ONLY=public runs this part alone; BENCH_PUBLIC_SECONDS (5) and BENCH_PUBLIC_CONNECTIONS (10) tune it.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { log } from './support.js';
import type { PublicReadsReady } from './public-reads.server.js';

export const PUBLIC_READS = ['menu', 'shop', 'honour', 'results', 'display'] as const;
export type PublicRead = (typeof PUBLIC_READS)[number];

export interface PublicReadsRound {
  round: number;
  /** the mean of the bare measurements taken next to each read */
  bareRps: number;
  reads: Record<
    PublicRead,
    { uncachedRps: number; cachedRps: number; uncachedRatio: number; cachedRatio: number; bytes: number }
  >;
}

export interface PublicReadsOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

async function rps(url: string, options: PublicReadsOptions, seconds: number): Promise<{ rps: number; bytes: number }> {
  const result = await autocannon({ url, connections: options.connections, duration: seconds });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result['2xx'] / result.duration, bytes: result.throughput.total / Math.max(1, result['2xx']) };
}

export async function runPublicReadsBench(options: PublicReadsOptions) {
  const child = fork(fileURLToPath(new URL('./public-reads.server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await new Promise<PublicReadsReady>((resolve, reject) => {
      child.once('message', (m: PublicReadsReady) => resolve(m));
      child.once('exit', (code) => reject(new Error(`the public-reads server exited (${code})`)));
    });
    log(`  demo county seeded in ${ready.seedSeconds.toFixed(1)} s; reads: ${JSON.stringify(ready.paths)}`);
    for (const read of PUBLIC_READS)
      for (const base of [ready.uncachedUrl, ready.cachedUrl]) {
        const probe = await fetch(`${base}${ready.paths[read]}`);
        if (probe.status !== 200) throw new Error(`probe ${read} answered ${probe.status}: ${await probe.text()}`);
      }
    const rounds: PublicReadsRound[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const measure = async (url: string) => {
        await rps(url, options, options.warmupSeconds);
        return rps(url, options, options.seconds);
      };
      const reads = {} as PublicReadsRound['reads'];
      let bareTotal = 0;
      // Reverse the order every other round so neither end of a round is always the same read's.
      const order = round % 2 === 1 ? [...PUBLIC_READS] : [...PUBLIC_READS].reverse();
      for (const read of order) {
        // The bare route is measured next to each read: on a shared machine the load moves within a round.
        const bare = await measure(`${ready.bareUrl}/bare`);
        bareTotal += bare.rps;
        const uncached = await measure(`${ready.uncachedUrl}${ready.paths[read]}`);
        const cached = await measure(`${ready.cachedUrl}${ready.paths[read]}`);
        reads[read] = {
          uncachedRps: uncached.rps,
          cachedRps: cached.rps,
          uncachedRatio: uncached.rps / bare.rps,
          cachedRatio: cached.rps / bare.rps,
          bytes: cached.bytes,
        };
        log(
          `  public round ${round}, ${read}: bare ${bare.rps.toFixed(0)} req/s; uncached ${uncached.rps.toFixed(0)} (${reads[read].uncachedRatio.toFixed(3)}); cached ${cached.rps.toFixed(0)} (${reads[read].cachedRatio.toFixed(3)}); ${(cached.bytes / 1024).toFixed(1)} kB`,
        );
      }
      rounds.push({ round, bareRps: bareTotal / order.length, reads });
    }
    return { paths: ready.paths, rounds };
  } finally {
    if (child.exitCode === null) {
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

/** min / median / max of each ratio over the rounds, for the summary. */
export function publicReadsSummary(rounds: PublicReadsRound[]): string[][] {
  const spread = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const f = (v: number) => v.toFixed(3);
    return `${f(sorted[0]!)} / ${f(sorted[Math.floor(sorted.length / 2)]!)} / ${f(sorted.at(-1)!)}`;
  };
  return PUBLIC_READS.map((read) => [
    read,
    spread(rounds.map((r) => r.reads[read].uncachedRatio)),
    spread(rounds.map((r) => r.reads[read].cachedRatio)),
    spread(rounds.map((r) => r.reads[read].cachedRps)),
  ]);
}
