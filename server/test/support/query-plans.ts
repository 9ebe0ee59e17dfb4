import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { onPostgres } from './database.js';
import type { Db } from '../../src/platform/deps.js';

/**
 * Reading query plans in tests (`stats.explain.test.ts`, `county-queries.explain.test.ts`): the SQL a
 * product function sends, and which big tables its plan reads whole. SQLite: EXPLAIN QUERY PLAN, which
 * plans from the schema alone. PostgreSQL: EXPLAIN with sequential scans priced out
 * (`enable_seqscan = off`), since on an empty test schema a scan is honestly the cheapest plan — what
 * is checked is that an index able to serve the query exists.
 */

/** Runs a query and returns the SQL it sent, compiled with its parameters. */
export async function compiledOf(db: Db, run: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
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

/** The big tables (of `bigTables`) a plan reads whole, e.g. ['points_ledger']. */
export async function scannedBigTables(db: Db, query: CompiledQuery, bigTables: readonly string[]): Promise<string[]> {
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
    return pgFullReads(plan, leading).filter((table) => bigTables.includes(table));
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
    const table = tableOfAlias(query.sql, match[2] ?? match[1]!, bigTables);
    if (bigTables.includes(table)) scanned.push(table);
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
function tableOfAlias(sqlText: string, alias: string, bigTables: readonly string[]): string {
  const re = new RegExp(`"?(\\w+)"?\\s+(?:as\\s+)?"?${alias}"?(?=[\\s,)]|$)`, 'gi');
  for (const m of sqlText.matchAll(re)) {
    if (bigTables.includes(m[1]!)) return m[1]!;
  }
  return alias;
}
