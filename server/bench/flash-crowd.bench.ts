/**
 * The flash crowd (抢号): booking opens for a 1元理发屋 session of 25 places and 2,000 seniors press
 * 预约 at once. Measured: how long until the last of them has an answer (settle time) and the p99
 * latency of those answers, for `POST /api/bookings`, against the bare Fastify instance's booking
 * route (`/bare/bookings`: same server options, the booking's own body schema, no database) hit by
 * the same burst: same requests, same bodies and cookies, same concurrency, same measurement.
 * Both ratios are booking ÷ bare.
 *
 * The burst: N requests (one per resident, each with that resident's own session cookie and the
 * body `{ sessionId }`, as from their phone) over C keep-alive connections (autocannon with
 * `amount: N`), so at most C are in flight and the rest queue behind them, as behind a proxy.
 * Settle time runs from the moment the connections are opened to the last response; latency is
 * per response (write to last byte), every response counted, the 409s included: they are most of
 * the crowd. The bare route answers 201 to everyone; the booking answers 201 to 25 and
 * 409 SESSION_FULL to the rest. Anything else (a 5xx, another 409, a timeout) aborts the bench.
 *
 * Afterwards the database must show exactly 25 bookings for the session, queue numbers 1–25 once
 * each, booked = queue_seq = 25, the 201s' residents and numbers the same as the rows', and one
 * monthly allowance per booking. Each round uses a fresh service (so the monthly limit of 1 never
 * refuses anyone) and books one probe resident on another of its sessions first, which checks the
 * cookies work. Before round 1, a warm-up round (round 0, its own service, same checks) is run and
 * discarded: the first burst of 100 fresh connections onto a route meets cold code on both sides,
 * and the bare route's settle time came out ten times its later figure. Residents and logins: see
 * flash-crowd.server.ts.
 */
import autocannon from 'autocannon';
import type { HttpServers } from './http-award.bench.js';
import type { FlashSessionPrepared, FlashSessionVerified } from './flash-crowd.server.js';
import { log, percentile } from './support.js';

export interface FlashOptions {
  /** Connections the burst is spread over (at most this many requests in flight). */
  connections: number;
  /** Places in the session (the 1元理发屋 has 25). */
  capacity: number;
}

export type FlashTarget = 'bare' | 'booking';

export interface BurstMeasurement {
  target: FlashTarget;
  requests: number;
  connections: number;
  /** From opening the connections to the last response, ms. */
  settleMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  statusCodes: Record<string, number>;
  /** error.code of the non-2xx answers. */
  errorCodes: Record<string, number>;
  errors: number;
  timeouts: number;
}

export interface FlashRound {
  round: number;
  session: { id: number; date: string; period: string; capacity: number };
  bare: BurstMeasurement;
  booking: BurstMeasurement;
  /** booking ÷ bare. */
  settleRatio: number;
  p50Ratio: number;
  p99Ratio: number;
  verified: Omit<FlashSessionVerified, 'type' | 'residentIds'>;
}

const label = (round: number) => (round === 0 ? 'warm-up (discarded)' : `round ${round}`);

const PATHS: Record<FlashTarget, string> = { bare: '/bare/bookings', booking: '/api/bookings' };

async function burst(servers: HttpServers, target: FlashTarget, sessionId: number, connections: number) {
  const { ready } = servers;
  const { cookies, residentIds } = ready.flash;
  const n = cookies.length;
  const body = JSON.stringify({ sessionId });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  const winners: { residentId: number; queueNumber: number }[] = [];
  let next = 0;
  let last = 0;
  const started = performance.now();
  const instance = autocannon({
    url: target === 'bare' ? ready.bareUrl : ready.appUrl,
    connections: Math.min(connections, n),
    amount: n,
    // autocannon's default of 10 s aborted the bench on a loaded machine (load 15–20 on 2 cores:
    // the booking's slowest answers took 20–60 s); a request unanswered after two minutes still aborts it.
    timeout: 120,
    requests: [
      {
        method: 'POST',
        path: PATHS[target],
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          const i = next++;
          context.i = i;
          return { ...request, headers: { ...request.headers, cookie: cookies[i]! }, body };
        },
        onResponse: (status, text, context) => {
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          let parsed: { queueNumber?: number; error?: { code?: string } } = {};
          try {
            parsed = JSON.parse(text) as typeof parsed;
          } catch {
            // Counted below as a code of its own.
          }
          if (status >= 200 && status < 300) {
            if (target === 'booking')
              winners.push({ residentId: residentIds[context.i as number]!, queueNumber: parsed.queueNumber ?? -1 });
          } else {
            const code = parsed.error?.code ?? `unparsed ${status}`;
            errorCodes[code] = (errorCodes[code] ?? 0) + 1;
          }
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    last = performance.now();
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const measurement: BurstMeasurement = {
    target,
    requests: latencies.length,
    connections: Math.min(connections, n),
    settleMs: last - started,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? NaN,
    statusCodes,
    errorCodes,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  return { measurement, winners };
}

/** What must hold for a burst's answers: all 201 from the bare route; `capacity` 201s and SESSION_FULL for the rest from the booking. */
function answerProblems(m: BurstMeasurement, n: number, capacity: number): string[] {
  const problems: string[] = [];
  if (m.errors || m.timeouts) problems.push(`${m.errors} errors, ${m.timeouts} timeouts`);
  if (m.requests !== n) problems.push(`${m.requests} responses for ${n} requests`);
  const expected: Record<string, number> =
    m.target === 'bare' ? { 201: n } : { 201: Math.min(capacity, n), ...(n > capacity ? { 409: n - capacity } : {}) };
  const expectedCodes: Record<string, number> =
    m.target === 'bare' || n <= capacity ? {} : { SESSION_FULL: n - capacity };
  if (JSON.stringify(sorted(m.statusCodes)) !== JSON.stringify(sorted(expected)))
    problems.push(`statuses ${JSON.stringify(m.statusCodes)}, expected ${JSON.stringify(expected)}`);
  if (JSON.stringify(sorted(m.errorCodes)) !== JSON.stringify(sorted(expectedCodes)))
    problems.push(`error codes ${JSON.stringify(m.errorCodes)}, expected ${JSON.stringify(expectedCodes)}`);
  return problems;
}

const sorted = (record: Record<string, number>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/** What must hold in the database after the burst, given the 201s the crowd got. */
function sessionProblems(
  v: FlashSessionVerified,
  winners: { residentId: number; queueNumber: number }[],
  capacity: number,
  crowd: number,
): string[] {
  const places = Math.min(capacity, crowd);
  const numbers = Array.from({ length: places }, (_, i) => i + 1);
  const problems: string[] = [];
  if (v.capacity !== capacity) problems.push(`session capacity ${v.capacity}, expected ${capacity}`);
  if (v.bookings !== places) problems.push(`${v.bookings} bookings, expected ${places}`);
  if (v.booked !== places || v.queueSeq !== places)
    problems.push(`session.booked = ${v.booked}, queue_seq = ${v.queueSeq}, expected ${places}`);
  if (v.distinctResidents !== v.bookings) problems.push(`${v.bookings} bookings for ${v.distinctResidents} residents`);
  if (JSON.stringify(v.queueNumbers) !== JSON.stringify(numbers))
    problems.push(`queue numbers ${JSON.stringify(v.queueNumbers)}, expected 1–${places} once each`);
  const answered = [...winners].sort((a, b) => a.queueNumber - b.queueNumber);
  if (JSON.stringify(answered.map((w) => w.queueNumber)) !== JSON.stringify(numbers))
    problems.push(`the 201s carried queue numbers ${JSON.stringify(answered.map((w) => w.queueNumber))}`);
  const inDb = [...v.residentIds].sort((a, b) => a - b);
  if (JSON.stringify(answered.map((w) => w.residentId).sort((a, b) => a - b)) !== JSON.stringify(inDb))
    problems.push('the residents answered 201 are not the residents booked');
  // The probe's booking is the service's one other booking, with its allowance.
  if (v.serviceBookings !== places + 1 || v.allowancesTaken !== places + 1)
    problems.push(
      `${v.serviceBookings} bookings and ${v.allowancesTaken} monthly allowances on the service, expected ${places + 1} each (the probe's included)`,
    );
  return problems;
}

/**
 * One round: a fresh service and session, the probe, then both bursts (bare first in odd rounds,
 * booking first in even ones), then the check. Round 0 is the warm-up: checked the same way, logged as such.
 */
export async function runFlashCrowdRound(
  servers: HttpServers,
  round: number,
  options: FlashOptions,
): Promise<FlashRound> {
  const { ready } = servers;
  const crowd = ready.flash.cookies.length;
  const prepared = await servers.ask<FlashSessionPrepared>(
    { type: 'flash-prepare', round, capacity: options.capacity },
    'flash-prepared',
  );

  // The probe: one real booking on another session of the service, and the bare route once, both 201.
  const probes: [string, string, number][] = [
    [`${ready.appUrl}${PATHS.booking}`, ready.flash.probeCookie, prepared.probeSessionId],
    [`${ready.bareUrl}${PATHS.bare}`, ready.flash.probeCookie, prepared.sessionId],
  ];
  for (const [url, cookie, sessionId] of probes) {
    const probe = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ sessionId }),
    });
    if (probe.status !== 201) throw new Error(`flash probe ${url} answered ${probe.status}: ${await probe.text()}`);
  }

  const order: FlashTarget[] = round % 2 === 1 ? ['bare', 'booking'] : ['booking', 'bare'];
  const measured: Partial<Record<FlashTarget, BurstMeasurement>> = {};
  let winners: { residentId: number; queueNumber: number }[] = [];
  for (const target of order) {
    const result = await burst(servers, target, prepared.sessionId, options.connections);
    const problems = answerProblems(result.measurement, crowd, options.capacity);
    if (problems.length) throw new Error(`flash crowd, ${target}: ${problems.join('; ')}: not measuring error pages`);
    measured[target] = result.measurement;
    if (target === 'booking') winners = result.winners;
    const m = result.measurement;
    log(
      `  flash ${label(round)}, ${target}: ${m.requests} requests settled in ${m.settleMs.toFixed(0)} ms, p50 ${m.p50Ms.toFixed(2)} ms, p99 ${m.p99Ms.toFixed(2)} ms, max ${m.maxMs.toFixed(2)} ms (${Object.entries(
        m.statusCodes,
      )
        .map(([code, count]) => `${count} × ${code}`)
        .join(', ')})`,
    );
  }

  const answer = await servers.ask<FlashSessionVerified>(
    { type: 'flash-verify', sessionId: prepared.sessionId },
    'flash-verified',
  );
  const problems = sessionProblems(answer, winners, options.capacity, crowd);
  if (problems.length)
    throw new Error(`the flash crowd left a broken session ${prepared.sessionId}: ${problems.join('; ')}`);
  const { type: _type, residentIds: _residentIds, ...verified } = answer;
  log(
    `  flash ${label(round)}, verified: session ${prepared.date} ${prepared.period}: ${verified.bookings} bookings, queue numbers 1–${verified.bookings} once each, booked = ${verified.booked}, the 201s match the rows`,
  );

  const bare = measured.bare!;
  const booking = measured.booking!;
  return {
    round,
    session: { id: prepared.sessionId, date: prepared.date, period: prepared.period, capacity: prepared.capacity },
    bare,
    booking,
    settleRatio: booking.settleMs / bare.settleMs,
    p50Ratio: booking.p50Ms / bare.p50Ms,
    p99Ratio: booking.p99Ms / bare.p99Ms,
    verified,
  };
}
