/**
 * The county-scale bench: on a `npm run seed:large` database, each named query timed next to a
 * `SELECT 1` through the same Kysely connection in the same round (three rounds, min/median/max),
 * and the `EXPLAIN QUERY PLAN` of every statement it runs, flagging any scan of a large table.
 *
 *   BENCH_LARGE_DB=data/large/zhongli.sqlite npm run bench            (after the other benches)
 *   BENCH_LARGE_DB=data/large/zhongli.sqlite BENCH_ONLY=county npm run bench
 *   BENCH_NO_MIGRATE=1 …                                 (the database as it is, for a before figure)
 *
 * The queries are the product's own functions (repositories and services), called with parameters
 * drawn from the database: the heaviest resident, a real member code, the largest community.
 */
import os from 'node:os';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { myRegistrations } from '../src/modules/activities/activities.repository.js';
import { listAuditEntries } from '../src/modules/audit/audit.repository.js';
import { leaderboard } from '../src/modules/points/points.repository.js';
import { listResults } from '../src/modules/publicity/publicity.repository.js';
import { searchResidents } from '../src/modules/residents/residents.repository.js';
import { STATS_QUERIES, statsScopeOf } from '../src/modules/stats/index.js';
import { fmt, log, percentile, table } from './support.js';

export interface NamedQuery {
  name: string;
  run(db: Kysely<Database>): Promise<unknown>;
}

export interface QueryPlan {
  sql: string;
  plan: string[];
  /** tables of more than LARGE_TABLE rows read by a SCAN (the whole table or the whole of one of its indexes) */
  fullScans: string[];
}

export interface CountyQueryResult {
  name: string;
  /** ms per call, one figure per round */
  roundsMs: number[];
  minMs: number;
  medianMs: number;
  maxMs: number;
  /** median ms ÷ median SELECT 1 ms */
  ratio: number;
  /**
   * CPU ms per call (user + system of this process), one figure per round. better-sqlite3 runs the
   * query on this thread, so this is the work the query costs whatever else the machine is doing;
   * wall time on a shared machine adds the time spent waiting for a core.
   */
  cpuRoundsMs: number[];
  cpuMedianMs: number;
  plans: QueryPlan[];
}

export interface CountyBenchResult {
  file: string;
  rows: Record<string, number>;
  migrateSeconds: number;
  baseline: { roundsMs: number[]; minMs: number; medianMs: number; maxMs: number };
  queries: CountyQueryResult[];
  /** the 1-minute load average when the rounds ended: wall times above are only as quiet as this */
  loadAverage: number;
}

const LARGE_TABLE = 10_000;
/** Enough calls per round that a fast query is timed over a few milliseconds at least. */
const TARGET_ROUND_MS = 150;
const MAX_CALLS = 200;

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** The hot queries of issue 15, through the product's own functions, with parameters taken from the database. */
export function hotQueries(raw: BetterSqlite3.Database): NamedQuery[] {
  const one = <T>(text: string) => raw.prepare(text).get() as T;
  const heavy = one<{ resident_id: number }>(
    `select resident_id from registrations group by resident_id order by count(*) desc limit 1`,
  );
  const someone = one<{ member_code: string; community_id: number; phone: string }>(
    `select member_code, community_id, users.phone from residents join users on users.id = residents.user_id order by residents.id limit 1 offset (select count(*) / 2 from residents where user_id is not null)`,
  );
  const largest = one<{ community_id: number }>(
    `select community_id from residents group by community_id order by count(*) desc limit 1`,
  );
  const lastDay = one<{ at: string }>(`select max(created_at) as at from points_ledger`).at;
  const monthStart = `${lastDay.slice(0, 7)}-01T00:00:00.000Z`;
  const yearStart = `${lastDay.slice(0, 4)}-01-01T00:00:00.000Z`;
  const page = { page: 1, pageSize: 20 };
  return [
    { name: 'my activities (heaviest resident)', run: (db) => myRegistrations(db, heavy.resident_id) },
    {
      name: 'resident search: member-code prefix',
      run: (db) => searchResidents(db, { communityIds: 'all', q: someone.member_code.slice(0, 6), ...page }),
    },
    {
      name: 'resident search: phone last 4',
      run: (db) => searchResidents(db, { communityIds: 'all', q: someone.phone.slice(-4), ...page }),
    },
    {
      name: 'resident search: name, one community',
      run: (db) =>
        searchResidents(db, {
          communityIds: [largest.community_id],
          communityId: largest.community_id,
          q: '秀英',
          ...page,
        }),
    },
    { name: 'results wall, county, first page', run: (db) => listResults(db, { offset: 0, limit: 20 }) },
    {
      name: 'results wall, one community',
      run: (db) => listResults(db, { communityId: largest.community_id, offset: 0, limit: 20 }),
    },
    { name: 'audit log, first page', run: (db) => listAuditEntries(db, { page: 1, pageSize: 20 }) },
    { name: 'audit log, page 2,000', run: (db) => listAuditEntries(db, { page: 2000, pageSize: 20 }) },
    {
      name: 'honour roll, largest community, this month',
      run: (db) => leaderboard(db, { communityId: largest.community_id, from: monthStart, to: lastDay, limit: 20 }),
    },
    {
      name: 'honour roll, largest community, this year',
      run: (db) => leaderboard(db, { communityId: largest.community_id, from: yearStart, to: lastDay, limit: 20 }),
    },
  ];
}

/**
 * Every dashboard and report query of the stats module, for the county and for its largest
 * community, over the month of the last activity held (a monthly report's period).
 */
export function statsQueries(raw: BetterSqlite3.Database): NamedQuery[] {
  // The month of the last activity held: the most recent monthly report.
  const lastDay = new Date(
    Date.parse(raw.prepare(`select max(starts_at) from activities`).pluck().get() as string) + 8 * 3_600_000,
  )
    .toISOString()
    .slice(0, 10);
  const month = lastDay.slice(0, 7);
  const largest = raw
    .prepare(`select community_id from residents group by community_id order by count(*) desc limit 1`)
    .pluck()
    .get() as number;
  const scopes = [
    { label: `county ${month}`, scope: statsScopeOf(`${month}-01`, lastDay, null) },
    {
      label: `community ${month}`,
      scope: statsScopeOf(`${month}-01`, lastDay, largest),
    },
  ];
  return scopes.flatMap(({ label, scope }) =>
    STATS_QUERIES.map((q) => ({ name: `stats.${q.name} (${label})`, run: (db: Kysely<Database>) => q.run(db, scope) })),
  );
}

function explain(
  raw: BetterSqlite3.Database,
  statement: { sql: string; parameters: readonly unknown[] },
  sizes: Map<string, number>,
): QueryPlan {
  const rows = raw.prepare(`explain query plan ${statement.sql}`).all(...(statement.parameters as unknown[])) as {
    detail: string;
  }[];
  const plan = rows.map((r) => r.detail);
  // Plans name a table by its alias (`"activities" as "a"` reads as `SCAN a`).
  const tableOf = new Map([...statement.sql.matchAll(/"(\w+)" as "(\w+)"/g)].map((m) => [m[2]!, m[1]!]));
  const fullScans = plan
    .map((detail) => /^SCAN (\w+)/.exec(detail)?.[1])
    .map((name) => (name ? (tableOf.get(name) ?? name) : undefined))
    .filter((table): table is string => !!table && (sizes.get(table) ?? 0) > LARGE_TABLE);
  return { sql: statement.sql, plan, fullScans };
}

/** Times one call-set: `calls` calls, wall and CPU ms per call. */
async function timeCalls(fn: () => Promise<unknown>, calls: number): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await fn();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6 / calls;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 / calls };
}

export async function runCountyBench(
  file: string,
  options: { rounds: number; asItIs?: boolean; extraQueries?: (raw: BetterSqlite3.Database) => NamedQuery[] },
): Promise<CountyBenchResult> {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('busy_timeout = 5000');
  let capture: { sql: string; parameters: readonly unknown[] }[] | null = null;
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: raw }),
    log: (event) => {
      if (capture && event.level === 'query')
        capture.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    // The database is brought to this branch's schema first (its indexes included), and that is timed;
    // BENCH_NO_MIGRATE=1 measures it as it is (say, with an index dropped by hand, for a before figure).
    const migrateStarted = Date.now();
    if (!options.asItIs) await migrateToLatest(db, 'sqlite');
    const migrateSeconds = (Date.now() - migrateStarted) / 1000;
    raw.exec('analyze');

    const sizes = new Map<string, number>();
    for (const { name } of raw
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      .all() as {
      name: string;
    }[])
      sizes.set(name, raw.prepare(`select count(*) from "${name}"`).pluck().get() as number);
    const rows = Object.fromEntries(
      [
        'residents',
        'communities',
        'activities',
        'registrations',
        'checkins',
        'points_ledger',
        'audit_log',
        'bookings',
      ].map((t) => [t, sizes.get(t) ?? 0]),
    );
    log(
      `\nCounty scale: ${file}\n  ${Object.entries(rows)
        .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
        .join(
          ', ',
        )}; ${options.asItIs ? 'measured as it is (no migrations)' : `migrations applied in ${migrateSeconds.toFixed(1)} s`}`,
    );

    const queries = [...statsQueries(raw), ...hotQueries(raw), ...(options.extraQueries?.(raw) ?? [])];
    const plans = new Map<string, QueryPlan[]>();
    const callsOf = new Map<string, number>();
    for (const q of queries) {
      capture = [];
      const started = Date.now();
      await q.run(db);
      const once = Date.now() - started;
      plans.set(
        q.name,
        capture.map((statement) => explain(raw, statement, sizes)),
      );
      capture = null;
      callsOf.set(q.name, Math.max(1, Math.min(MAX_CALLS, Math.floor(TARGET_ROUND_MS / Math.max(once, 0.05)))));
    }
    // One round unrecorded, to warm the page cache and the statement cache.
    await timeCalls(() => sql`select 1`.execute(db), 2_000);
    for (const q of queries) await timeCalls(() => q.run(db), callsOf.get(q.name)!);
    const baselineCalls = 2_000;
    const baselineRounds: number[] = [];
    const perQuery = new Map<string, { wallMs: number; cpuMs: number }[]>(queries.map((q) => [q.name, []]));
    for (let round = 1; round <= options.rounds; round++) {
      baselineRounds.push((await timeCalls(() => sql`select 1`.execute(db), baselineCalls)).wallMs);
      for (const q of queries) perQuery.get(q.name)!.push(await timeCalls(() => q.run(db), callsOf.get(q.name)!));
    }
    const baselineMedian = median(baselineRounds);
    const results: CountyQueryResult[] = queries.map((q) => {
      const timings = perQuery.get(q.name)!;
      const roundsMs = timings.map((t) => t.wallMs);
      const cpuRoundsMs = timings.map((t) => t.cpuMs);
      return {
        name: q.name,
        roundsMs,
        minMs: Math.min(...roundsMs),
        medianMs: median(roundsMs),
        maxMs: Math.max(...roundsMs),
        ratio: median(roundsMs) / baselineMedian,
        cpuRoundsMs,
        cpuMedianMs: median(cpuRoundsMs),
        plans: plans.get(q.name)!,
      };
    });

    log(
      `  load average (1 min) ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores at the end of the rounds`,
    );
    log(
      `  SELECT 1 baseline: ${baselineRounds.map((ms) => fmt(ms * 1000, 1)).join(' / ')} µs per call (${options.rounds} rounds)\n`,
    );
    log(
      table(
        ['query', 'min ms', 'median ms', 'max ms', '÷ SELECT 1', 'CPU ms', 'full scans'],
        results.map((r) => [
          r.name,
          fmt(r.minMs, 2),
          fmt(r.medianMs, 2),
          fmt(r.maxMs, 2),
          fmt(r.ratio),
          fmt(r.cpuMedianMs, 2),
          [...new Set(r.plans.flatMap((p) => p.fullScans))].join(', ') || '—',
        ]),
      ),
    );
    log('\n  EXPLAIN QUERY PLAN');
    for (const r of results)
      for (const p of r.plans) {
        log(`  ${r.name}${p.fullScans.length ? `   ⚠ full scan of ${p.fullScans.join(', ')}` : ''}`);
        for (const line of p.plan) log(`      ${line}`);
      }
    return {
      file,
      rows,
      migrateSeconds,
      baseline: {
        roundsMs: baselineRounds,
        minMs: Math.min(...baselineRounds),
        medianMs: baselineMedian,
        maxMs: Math.max(...baselineRounds),
      },
      queries: results,
      loadAverage: os.loadavg()[0]!,
    };
  } finally {
    await db.destroy();
  }
}
