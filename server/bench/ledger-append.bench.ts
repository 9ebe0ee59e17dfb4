/**
 * Ledger append: the service path (Kysely over better-sqlite3, `appendLedgerEntry` in a
 * `db.transaction()`) against the same SQL as raw better-sqlite3 prepared statements in
 * BEGIN IMMEDIATE … COMMIT, on two fresh files with the same pragmas, migrations and seed.
 *
 * The ratio is what the query builder, its per-query statement preparation and the async
 * transaction plumbing cost on top of SQLite itself. With synchronous=FULL every commit waits for
 * a WAL sync, which is the same in both and may hide that cost; the diagnostic pair with
 * synchronous=NORMAL (not a production setting) shows it without the sync.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { GENESIS_HASH } from '@zhongli/domain';
import type { Database } from '../src/db/schema.js';
import { openSqlite } from '../src/db/connect.js';
import { checkLedgerIntegrity } from '../src/modules/points/points.integrity.js';
import { appendLedgerEntry, entryHash, type NewLedgerEntry } from '../src/modules/points/points.repository.js';
import {
  log,
  makeTempDir,
  openBenchDatabase,
  percentile,
  removeTempDir,
  seedPoints,
  type PointsFixture,
} from './support.js';

export interface LedgerAppendOptions {
  appends: number;
  warmup: number;
  residents: number;
}

export type Synchronous = 'FULL' | 'NORMAL';

export interface AppendMeasurement {
  variant: 'kysely' | 'raw';
  synchronous: Synchronous;
  appends: number;
  seconds: number;
  appendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  pragmas: Record<string, unknown>;
  verified: { entries: number; residents: number; balanceMismatches: number; integrityOk: boolean };
}

// The statements appendLedgerEntry issues, written out for the raw variant. `checkSameSql` compares
// them with what Kysely actually sends, so a change to the repository cannot leave this bench
// comparing against different SQL.
const RAW_SQL = {
  ensureBalance:
    'insert into "points_balances" ("resident_id", "balance", "entry_count", "last_hash") values (?, ?, ?, ?) on conflict ("resident_id") do nothing',
  moveBalance:
    'update "points_balances" set "balance" = "balance" + ?, "entry_count" = "entry_count" + ? where "resident_id" = ? and balance + ? >= 0 returning "balance", "entry_count", "last_hash"',
  insertEntry:
    'insert into "points_ledger" ("resident_id", "community_id", "seq", "delta", "kind", "rule_id", "rule_revision_id", "ref_type", "ref_id", "reason", "actor_user_id", "on_behalf_resident_id", "idempotency_key", "balance_after", "prev_hash", "hash", "created_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning "id"',
  setHead: 'update "points_balances" set "last_hash" = ? where "resident_id" = ?',
} as const;

/**
 * appendLedgerEntry, statement for statement, as raw better-sqlite3 prepared statements (prepared
 * once). `.immediate(entry)` runs it in BEGIN IMMEDIATE … COMMIT (ROLLBACK on throw). Also the
 * durable-write limit of the HTTP bench (http-award.server.ts): the floor an award's append stands on.
 */
export function rawLedgerAppend(db: BetterSqlite3.Database) {
  const ensureBalance = db.prepare(RAW_SQL.ensureBalance);
  const moveBalance = db.prepare(RAW_SQL.moveBalance);
  const insertEntry = db.prepare(RAW_SQL.insertEntry);
  const setHead = db.prepare(RAW_SQL.setHead);
  return db.transaction((e: NewLedgerEntry) => {
    ensureBalance.run(e.residentId, 0, 0, GENESIS_HASH);
    const head = moveBalance.get(e.delta, 1, e.residentId, e.delta) as
      { balance: number; entry_count: number; last_hash: string } | undefined;
    if (!head) return null;
    const seq = head.entry_count;
    const hash = entryHash(head.last_hash, {
      residentId: e.residentId,
      seq,
      delta: e.delta,
      kind: e.kind,
      ruleId: e.ruleId,
      refType: e.refType,
      refId: e.refId,
      actorUserId: e.actorUserId,
      idempotencyKey: e.idempotencyKey,
      createdAt: e.createdAt,
    });
    const row = insertEntry.get(
      e.residentId,
      e.communityId,
      seq,
      e.delta,
      e.kind,
      e.ruleId,
      e.ruleRevisionId,
      e.refType,
      e.refId,
      e.reason,
      e.actorUserId,
      e.onBehalfResidentId,
      e.idempotencyKey,
      head.balance,
      head.last_hash,
      hash,
      e.createdAt,
    ) as { id: number };
    setHead.run(hash, e.residentId);
    return { id: row.id, balanceAfter: head.balance, seq, hash };
  });
}

/** What openSqlite sets; the raw connection sets the same, and both are read back and compared. */
export function applyProductionPragmas(db: BetterSqlite3.Database, synchronous: Synchronous) {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

const PRAGMAS = ['journal_mode', 'synchronous', 'foreign_keys', 'busy_timeout'] as const;

function readPragmasRaw(db: BetterSqlite3.Database): Record<string, unknown> {
  return Object.fromEntries(PRAGMAS.map((p) => [p, db.pragma(p, { simple: true })]));
}

async function readPragmasKysely(db: Kysely<Database>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const p of PRAGMAS) {
    const { rows } = await sql<Record<string, unknown>>`pragma ${sql.raw(p)}`.execute(db);
    out[p] = rows[0] ? Object.values(rows[0])[0] : undefined;
  }
  return out;
}

/** The same inputs for both variants: residents in rotation, fresh idempotency keys, the service's shape of an award. */
export function makeEntries(fixture: PointsFixture, count: number): NewLedgerEntry[] {
  const createdAt = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const residentId = fixture.residentIds[i % fixture.residentIds.length]!;
    return {
      residentId,
      communityId: fixture.communityId,
      delta: fixture.rulePoints,
      kind: 'award' as const,
      ruleId: fixture.ruleId,
      ruleRevisionId: fixture.ruleRevisionId,
      refType: null,
      refId: null,
      reason: '参加志愿服务',
      actorUserId: fixture.staff.userId,
      onBehalfResidentId: residentId,
      idempotencyKey: `award:${randomUUID()}`,
      createdAt,
    };
  });
}

/** Runs one append through Kysely on a side connection that logs its SQL, rolls it back, and compares with RAW_SQL. */
async function checkSameSql(file: string, entry: NewLedgerEntry): Promise<void> {
  const seen: string[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: new BetterSqlite3(file) }),
    log: (event) => void seen.push(event.query.sql),
  });
  const rollback = new Error('rollback');
  try {
    await db.transaction().execute(async (trx) => {
      await appendLedgerEntry(trx, entry);
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  } finally {
    await db.destroy();
  }
  const statements = seen.filter((s) => s !== 'begin' && s !== 'rollback');
  const expected = [RAW_SQL.ensureBalance, RAW_SQL.moveBalance, RAW_SQL.insertEntry, RAW_SQL.setHead];
  if (JSON.stringify(statements) !== JSON.stringify(expected)) {
    throw new Error(`appendLedgerEntry no longer issues the SQL the raw variant runs:\n${statements.join('\n')}`);
  }
}

/** After the timed part: every resident's balance equals the sum of their entries, and the hash chains verify. */
export async function verifyLedgerFile(
  file: string,
  expectedEntries: number | undefined,
  expectedResidents: number | undefined,
): Promise<AppendMeasurement['verified']> {
  const handle = openSqlite(file);
  try {
    const { rows } = await sql<{ bad: number }>`
      select count(*) as bad
      from points_balances b
      left join (select resident_id, sum(delta) as s, count(*) as c from points_ledger group by resident_id) l on l.resident_id = b.resident_id
      where b.balance <> coalesce(l.s, 0) or b.entry_count <> coalesce(l.c, 0)`.execute(handle.db);
    const balanceMismatches = Number(rows[0]?.bad ?? -1);
    const integrity = await checkLedgerIntegrity(handle.db, new Date());
    const verified = {
      entries: integrity.entries,
      residents: integrity.residents,
      balanceMismatches,
      integrityOk: integrity.ok,
    };
    if (
      balanceMismatches !== 0 ||
      !integrity.ok ||
      (expectedEntries !== undefined && integrity.entries !== expectedEntries) ||
      (expectedResidents !== undefined && integrity.residents !== expectedResidents)
    ) {
      throw new Error(
        `ledger bench produced a broken ledger in ${path.basename(file)}: ${JSON.stringify({ ...verified, mismatches: integrity.mismatches.slice(0, 5) })}`,
      );
    }
    return verified;
  } finally {
    await handle.close();
  }
}

function summarise(
  variant: AppendMeasurement['variant'],
  synchronous: Synchronous,
  durations: number[],
  seconds: number,
  pragmas: Record<string, unknown>,
) {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    variant,
    synchronous,
    appends: durations.length,
    seconds,
    appendsPerSecond: durations.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    pragmas,
  };
}

async function runKysely(
  file: string,
  synchronous: Synchronous,
  options: LedgerAppendOptions,
): Promise<AppendMeasurement> {
  const { handle, deps } = await openBenchDatabase(file);
  try {
    if (synchronous !== 'FULL') await sql`pragma synchronous = ${sql.raw(synchronous)}`.execute(deps.db); // Kysely's SQLite driver has one connection, so this sticks
    const fixture = await seedPoints(deps, { residents: options.residents });
    const entries = makeEntries(fixture, options.warmup + options.appends);
    const pragmas = await readPragmasKysely(deps.db);
    const append = (entry: NewLedgerEntry) => deps.db.transaction().execute((trx) => appendLedgerEntry(trx, entry));
    for (const entry of entries.slice(0, options.warmup)) await append(entry);
    const durations: number[] = [];
    const start = performance.now();
    for (const entry of entries.slice(options.warmup)) {
      const t = performance.now();
      if (!(await append(entry))) throw new Error('an award append was refused');
      durations.push(performance.now() - t);
    }
    const seconds = (performance.now() - start) / 1000;
    await handle.close();
    return {
      ...summarise('kysely', synchronous, durations, seconds, pragmas),
      verified: await verifyLedgerFile(file, entries.length, options.residents),
    };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function runRaw(
  file: string,
  synchronous: Synchronous,
  options: LedgerAppendOptions,
): Promise<AppendMeasurement> {
  // Same migrations and seed through the app's own code, then the connection is swapped for a raw one.
  const { handle, deps } = await openBenchDatabase(file);
  const fixture = await seedPoints(deps, { residents: options.residents });
  await handle.close();
  const entries = makeEntries(fixture, options.warmup + options.appends);
  await checkSameSql(file, entries[0]!);

  const db = new BetterSqlite3(file);
  try {
    applyProductionPragmas(db, synchronous);
    const pragmas = readPragmasRaw(db);
    const append = rawLedgerAppend(db);
    for (const entry of entries.slice(0, options.warmup)) append.immediate(entry);
    const durations: number[] = [];
    const start = performance.now();
    for (const entry of entries.slice(options.warmup)) {
      const t = performance.now();
      if (!append.immediate(entry)) throw new Error('an award append was refused');
      durations.push(performance.now() - t);
    }
    const seconds = (performance.now() - start) / 1000;
    db.close();
    return {
      ...summarise('raw', synchronous, durations, seconds, pragmas),
      verified: await verifyLedgerFile(file, entries.length, options.residents),
    };
  } finally {
    if (db.open) db.close();
  }
}

export interface LedgerAppendRound {
  round: number;
  full: { kysely: AppendMeasurement; raw: AppendMeasurement; ratio: number };
  normal: { kysely: AppendMeasurement; raw: AppendMeasurement; ratio: number };
}

/**
 * One round: each variant on its own fresh file. The order alternates between rounds so that
 * whichever runs second (warmer page cache, JIT) does not always favour the same side.
 */
export async function runLedgerAppendRound(round: number, options: LedgerAppendOptions): Promise<LedgerAppendRound> {
  const dir = makeTempDir('ledger');
  try {
    const pair = async (synchronous: Synchronous) => {
      const file = (name: string) => path.join(dir, `${name}-${synchronous.toLowerCase()}.sqlite`);
      let kysely: AppendMeasurement;
      let raw: AppendMeasurement;
      if (round % 2 === 1) {
        kysely = await runKysely(file('kysely'), synchronous, options);
        raw = await runRaw(file('raw'), synchronous, options);
      } else {
        raw = await runRaw(file('raw'), synchronous, options);
        kysely = await runKysely(file('kysely'), synchronous, options);
      }
      if (JSON.stringify(kysely.pragmas) !== JSON.stringify(raw.pragmas)) {
        throw new Error(
          `pragmas differ between variants: ${JSON.stringify(kysely.pragmas)} vs ${JSON.stringify(raw.pragmas)}`,
        );
      }
      log(
        `  ledger round ${round}, synchronous=${synchronous}: kysely ${kysely.appendsPerSecond.toFixed(0)}/s, raw ${raw.appendsPerSecond.toFixed(0)}/s` +
          ` (verified ${kysely.verified.entries} + ${raw.verified.entries} entries)`,
      );
      return { kysely, raw, ratio: kysely.appendsPerSecond / raw.appendsPerSecond };
    };
    const full = await pair('FULL');
    const normal = await pair('NORMAL');
    return { round, full, normal };
  } finally {
    removeTempDir(dir);
  }
}
