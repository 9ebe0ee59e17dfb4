import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { createTestApp, type TestApp } from './support/app.js';
import { onPostgres } from './support/database.js';
import { buildCommunity } from './support/factories.js';
import { STATS_QUERIES, statsScopeOf, type StatsScope } from '../src/modules/stats/index.js';
import type { Db } from '../src/platform/deps.js';

/**
 * Every dashboard and report query reads its period through an index. The tables that grow with the
 * county (hundreds of thousands of residents, millions of ledger entries) must never be scanned whole
 * by a widget; the small ones (communities, services, shop items, merchants, and merchant_ratings —
 * one row per merchant per month, of which the county's stars read one per merchant) may be. SQLite: EXPLAIN
 * QUERY PLAN, which plans from the schema alone. PostgreSQL: EXPLAIN with sequential scans priced out
 * (`enable_seqscan = off`), since on an empty test schema a scan is honestly the cheapest plan — what
 * is checked is that an index able to serve the query exists. The control drops one index inside a
 * rolled-back transaction and expects the check to name the scan.
 */
const BIG_TABLES = [
  'activities',
  'checkins',
  'registrations',
  'residents',
  'needs',
  'activity_needs',
  'points_ledger',
  'shop_donations',
  'service_sessions',
  'bookings',
  'rota_assignments',
  'merchant_contributions',
  'vouchers',
  'merchant_requests',
  'audit_log',
];

let t: TestApp;
let scopes: { label: string; scope: StatsScope }[];

beforeAll(async () => {
  t = await createTestApp();
  const community = await buildCommunity(t.deps);
  scopes = [
    { label: 'county', scope: statsScopeOf('2026-11-01', '2026-11-30', null) },
    { label: 'community', scope: statsScopeOf('2026-11-01', '2026-11-30', community.id) },
  ];
});

afterAll(async () => {
  await t?.close();
});

/** Runs a query and returns the SQL it sent, compiled with its parameters. */
async function compiledOf(db: Db, run: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      captured.push(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await run(db.withPlugin(plugin));
  return captured;
}

/** The big tables a plan reads whole, e.g. ['points_ledger']. */
async function scannedBigTables(db: Db, query: CompiledQuery): Promise<string[]> {
  if (onPostgres) {
    const explain = async (conn: Pick<Db, 'executeQuery'>) => {
      await conn.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
      const { rows } = await conn.executeQuery<{ 'QUERY PLAN': [{ Plan: PgPlan }] }>(
        CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]),
      );
      await conn.executeQuery(CompiledQuery.raw('RESET enable_seqscan'));
      return rows[0]!['QUERY PLAN'][0].Plan;
    };
    const plan = db.isTransaction ? await explain(db) : await db.connection().execute(explain);
    const leading = await leadingColumns(db);
    return pgFullReads(plan, leading).filter((table) => BIG_TABLES.includes(table));
  }
  const scanned: string[] = [];
  const { rows } = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]),
  );
  for (const { detail } of rows) {
    // 'SCAN points_ledger', 'SCAN a' (an alias), 'SCAN a USING INDEX activities_week' (every row, in an
    // index's order): a whole-table read. A period read through an index is a SEARCH.
    const match = /^SCAN (\w+)(?: AS (\w+))?/.exec(detail);
    if (!match) continue;
    const table = tableOfAlias(query.sql, match[2] ?? match[1]!);
    if (BIG_TABLES.includes(table)) scanned.push(table);
  }
  return scanned;
}

interface PgPlan {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PgPlan[];
}

/** Each index's table and first column: an index condition that does not name it reads the whole index. */
async function leadingColumns(db: Db): Promise<Map<string, { table: string; column: string }>> {
  const { rows } = await db.executeQuery<{ index: string; table: string; column: string }>(
    CompiledQuery.raw(
      `select ci.relname as index, ct.relname as table, a.attname as column
         from pg_index i
         join pg_class ci on ci.oid = i.indexrelid
         join pg_class ct on ct.oid = i.indrelid
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where ct.relnamespace = to_regnamespace(current_schema())`,
    ),
  );
  return new Map(rows.map((r) => [r.index, { table: r.table, column: r.column }]));
}

/**
 * The relations a PostgreSQL plan reads whole: a sequential scan, or an index scan (plain, index-only
 * or bitmap) whose condition does not constrain the index's first column — every entry of the index.
 */
function pgFullReads(plan: PgPlan, leading: Map<string, { table: string; column: string }>): string[] {
  const type = plan['Node Type'];
  const own: string[] = [];
  if (type === 'Seq Scan' && plan['Relation Name']) own.push(plan['Relation Name']);
  if (['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'].includes(type) && plan['Index Name']) {
    const index = leading.get(plan['Index Name']);
    const cond = plan['Index Cond'] ?? '';
    if (index && !new RegExp(`\\b${index.column}\\b`).test(cond)) own.push(index.table);
  }
  return [...own, ...(plan.Plans ?? []).flatMap((p) => pgFullReads(p, leading))];
}

/** The table an alias names in the SQL ('from "activities" as "a"' → activities); a table is its own alias. */
function tableOfAlias(sqlText: string, alias: string): string {
  const re = new RegExp(`"?(\\w+)"?\\s+(?:as\\s+)?"?${alias}"?(?=[\\s,)]|$)`, 'gi');
  for (const m of sqlText.matchAll(re)) {
    if (BIG_TABLES.includes(m[1]!)) return m[1]!;
  }
  return alias;
}

describe('every stats query reads its period through an index', () => {
  it.each(STATS_QUERIES.map((q) => [q.name, q] as const))('%s', async (_name, query) => {
    for (const { label, scope } of scopes) {
      const compiled = await compiledOf(t.db, (db) => query.run(db, scope));
      expect(compiled.length).toBeGreaterThan(0);
      for (const c of compiled) {
        expect({ scope: label, scanned: await scannedBigTables(t.db, c) }).toEqual({ scope: label, scanned: [] });
      }
    }
  });

  it('control: without the activities period indexes, the county plan scans activities and the check says so', async () => {
    const query = STATS_QUERIES.find((q) => q.name === 'activitiesByCategory')!;
    const compiled = await compiledOf(t.db, (db) => query.run(db, scopes[0]!.scope));
    const rollback = new Error('rollback');
    const scanned = await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.schema.dropIndex('activities_starts').execute();
        await trx.schema.dropIndex('activities_community_starts').execute();
        const found = await scannedBigTables(trx, compiled[0]!);
        throw Object.assign(rollback, { found });
      })
      .catch((error: Error & { found?: string[] }) => {
        if (error !== rollback) throw error;
        return error.found;
      });
    expect(scanned).toContain('activities');
    // …and the index is back: the rollback undid the drop.
    expect(await scannedBigTables(t.db, compiled[0]!)).toEqual([]);
  });
});
