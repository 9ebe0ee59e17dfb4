/**
 * Award through the HTTP API against a bare Fastify route with the same server options, both under
 * the same autocannon load on loopback, in the same run.
 *
 * The bare route is the floor (HTTP parsing, routing, zod validation of the same body, a JSON
 * reply); the award adds everything the product does: helmet headers, CSRF guard, session lookup,
 * the staff guard, one BEGIN IMMEDIATE transaction with the resident, rule, version and revision
 * reads, the ledger append, the audit entry, and a commit that syncs the WAL (synchronous=FULL).
 * The ratio says how far above the floor an award is. Counter redemption (http-redemption.bench.ts)
 * is measured in the same rounds against the same bare measurement.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { log, percentile } from './support.js';
import type { ServerReady, ServerVerified } from './http-award.server.js';
import { REDEMPTION_PATH, redemptionBody } from './http-redemption.bench.js';
import { DURABLE_PATH } from './durable-write.bench.js';

export interface HttpOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export type Target = 'bare' | 'award' | 'redemption' | 'durable';

export interface LoadMeasurement {
  target: Target;
  connections: number;
  seconds: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  statusCodes: Record<string, number>;
}

export interface HttpRound {
  round: number;
  bare: LoadMeasurement;
  award: LoadMeasurement;
  /** award ÷ bare requests/s: below 1, the share of the floor's throughput an award keeps. */
  throughputRatio: number;
  /** award ÷ bare latency: how many times longer an award takes. */
  p50Ratio: number;
  p99Ratio: number;
  redemption: LoadMeasurement;
  /** redemption ÷ bare, the same three ratios, against the same bare measurement. */
  redemptionRatios: { throughput: number; p50: number; p99: number };
  /** The durable-write limit (durable-write.bench.ts): the raw append with a synced commit, behind the bare HTTP path. */
  durable: LoadMeasurement;
  /** award and redemption ÷ the durable-write limit, requests/s: the share of the limit each keeps. */
  toDurable: { award: number; redemption: number };
}

/** The shelf and the points the server seeds for the redemption bench. */
export interface ShopOptions {
  items: number;
  stockPerItem: number;
  /** Awards of 1000 points per resident. */
  grants: number;
}

export interface HttpServers {
  ready: ServerReady;
  cookie: string;
  verify(): Promise<ServerVerified>;
  /** Sends `message` to the server process and waits for its answer of type `answer` (the flash crowd's prepare and verify). */
  ask<T extends { type: string }>(message: { type: string } & Record<string, unknown>, answer: T['type']): Promise<T>;
  stop(): Promise<void>;
}

function waitFor<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench server exited (${code}) before "${type}"`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Starts the server process, signs the staff member in over HTTP and checks one request of each kind answers 201. */
export async function startHttpServers(
  residents: number,
  shop: ShopOptions,
  flashResidents: number,
): Promise<HttpServers> {
  const child = fork(fileURLToPath(new URL('./http-award.server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      BENCH_RESIDENTS: String(residents),
      BENCH_SHOP_ITEMS: String(shop.items),
      BENCH_SHOP_STOCK: String(shop.stockPerItem),
      BENCH_SHOP_GRANTS: String(shop.grants),
      BENCH_FLASH_RESIDENTS: String(flashResidents),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const ready = await waitFor<ServerReady>(child, 'ready');
    const login = await fetch(`${ready.appUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: ready.phone, password: ready.password }),
    });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');

    // One request of each before any load: a misconfigured bench (403, 400) must fail here, not measure error pages.
    const probeBody = JSON.stringify({ residentId: ready.residentIds[0], ruleId: ready.ruleId });
    const probes: [string, string][] = [
      [`${ready.bareUrl}/bare`, probeBody],
      [`${ready.appUrl}/api/points/awards`, probeBody],
      [`${ready.appUrl}${REDEMPTION_PATH}`, redemptionBody(ready, 1)],
      [`${ready.bareUrl}${DURABLE_PATH}`, probeBody],
    ];
    for (const [url, body] of probes) {
      const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body });
      if (probe.status !== 201) throw new Error(`probe ${url} answered ${probe.status}: ${await probe.text()}`);
    }
    return {
      ready,
      cookie,
      verify: async () => {
        const answer = waitFor<ServerVerified>(child, 'verified');
        child.send({ type: 'verify' });
        return answer;
      },
      ask: async <T extends { type: string }>(message: { type: string } & Record<string, unknown>, type: T['type']) => {
        const answer = waitFor<T>(child, type);
        child.send(message);
        return answer;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * One autocannon run. Every request carries the next resident in rotation (the bare route gets the
 * same bodies, so the client does the same work for both): on SQLite writes are serialised anyway,
 * but on PostgreSQL one resident's balance row would be locked by every award, and the bench would
 * measure that queue instead of the path.
 *
 * Latency percentiles come from autocannon's per-response timings (fractions of a millisecond);
 * its own histogram keeps whole milliseconds, too coarse for the bare route.
 */
async function load(
  servers: HttpServers,
  target: Target,
  connections: number,
  seconds: number,
): Promise<LoadMeasurement> {
  const { ready, cookie } = servers;
  const url = target === 'bare' || target === 'durable' ? ready.bareUrl : ready.appUrl;
  const path = { bare: '/bare', award: '/api/points/awards', redemption: REDEMPTION_PATH, durable: DURABLE_PATH }[
    target
  ];
  const ids = ready.residentIds;
  let next = 0;
  const body =
    target === 'redemption'
      ? () => redemptionBody(ready, next++)
      : () => JSON.stringify({ residentId: ids[next++ % ids.length], ruleId: ready.ruleId });
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', cookie },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const requests = result['2xx'] + result.non2xx;
  return {
    target,
    connections,
    seconds: result.duration,
    requests,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
  };
}

/**
 * Warm-up (discarded) then the measured run, for each target; the order reverses between rounds
 * (bare, award, redemption; then redemption, award, bare), so neither end of the round is always
 * the bare route's.
 */
export async function runHttpRound(
  servers: HttpServers,
  round: number,
  options: HttpOptions,
): Promise<HttpRound & { awardsSent: number; redemptionsSent: number }> {
  const measured: Partial<Record<Target, LoadMeasurement>> = {};
  const sent: Record<Target, number> = { bare: 0, award: 0, redemption: 0, durable: 0 };
  const forward: Target[] = ['bare', 'durable', 'award', 'redemption'];
  const order = round % 2 === 1 ? forward : [...forward].reverse();
  for (const target of order) {
    const warm = await load(servers, target, options.connections, options.warmupSeconds);
    const run = await load(servers, target, options.connections, options.seconds);
    sent[target] += warm.ok + run.ok;
    for (const m of [warm, run]) {
      if (m.non2xx || m.errors)
        throw new Error(
          `${target}: ${m.non2xx} non-2xx, ${m.errors} errors (${JSON.stringify(m.statusCodes)}): not measuring error pages`,
        );
    }
    measured[target] = run;
    log(
      `  http round ${round}, ${target}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(2)} ms, p99 ${run.p99Ms.toFixed(2)} ms`,
    );
  }
  const bare = measured.bare!;
  const award = measured.award!;
  const redemption = measured.redemption!;
  const durable = measured.durable!;
  return {
    round,
    bare,
    award,
    throughputRatio: award.requestsPerSecond / bare.requestsPerSecond,
    p50Ratio: award.p50Ms / bare.p50Ms,
    p99Ratio: award.p99Ms / bare.p99Ms,
    redemption,
    redemptionRatios: {
      throughput: redemption.requestsPerSecond / bare.requestsPerSecond,
      p50: redemption.p50Ms / bare.p50Ms,
      p99: redemption.p99Ms / bare.p99Ms,
    },
    durable,
    toDurable: {
      award: award.requestsPerSecond / durable.requestsPerSecond,
      redemption: redemption.requestsPerSecond / durable.requestsPerSecond,
    },
    awardsSent: sent.award,
    redemptionsSent: sent.redemption,
  };
}
