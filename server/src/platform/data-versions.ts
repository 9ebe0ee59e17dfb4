import { sql, type CompiledQuery } from 'kysely';
import type { Db, Trx } from './deps.js';

/**
 * Data versions: `data_versions(scope, version)` counts the writes to each table the public reads
 * join (`t:activities`), or to one community's / session's rows of it (`t:points_ledger/12`). The
 * database's own triggers (migration `20261207_0301`) bump them inside the writing transaction, so
 * every instance sees a write on its next read. A cached public answer is keyed on the versions it
 * depends on; they are read in one indexed query per request.
 */
export type DataDependency =
  /** the whole table, or (with `key`) its rows of one community / session */
  | { table: string; key?: number }
  /** every key of a keyed table: a county-wide list over every community's rows */
  | { table: string; anyKey: true };

export const tableScope = (table: string, key?: number) => (key === undefined ? `t:${table}` : `t:${table}/${key}`);

/**
 * One string that changes whenever any write commits to what `deps` names. Versions only grow, so
 * the sum over a keyed table's scopes changes with every bump of any of them.
 */
export async function readDataVersionKey(db: Db, deps: readonly DataDependency[]): Promise<string> {
  const exact = deps.filter((d) => !('anyKey' in d)).map((d) => tableScope(d.table, 'key' in d ? d.key : undefined));
  const prefixes = deps.filter((d) => 'anyKey' in d).map((d) => `${tableScope(d.table)}/`);
  // Built and compiled once per set of scopes (per route and community): this read runs on every public request.
  const id = `${exact.join(',')}|${prefixes.join(',')}`;
  let compiled = compiledReads.get(db)?.get(id);
  if (!compiled) {
    compiled = versionQuery(db, exact, prefixes).compile();
    if (!compiledReads.has(db)) compiledReads.set(db, new Map());
    const forDb = compiledReads.get(db)!;
    if (forDb.size > 10_000) forDb.clear();
    forDb.set(id, compiled);
  }
  const { rows } = await db.executeQuery(compiled);
  const found = new Map(rows.map((r) => [r.scope, Number(r.version)]));
  const parts = exact.map((scope) => `${found.get(scope) ?? 0}`);
  for (const p of prefixes) {
    let sum = 0;
    for (const [scope, version] of found) if (scope.startsWith(p)) sum += version;
    parts.push(`${sum}`);
  }
  return parts.join('.');
}

const compiledReads = new WeakMap<Db, Map<string, CompiledQuery<{ scope: string; version: number }>>>();

function versionQuery(db: Db, exact: string[], prefixes: string[]) {
  return db
    .selectFrom('data_versions')
    .select(['scope', 'version'])
    .where((eb) =>
      eb.or([
        ...(exact.length > 0 ? [eb('scope', 'in', exact)] : []),
        // 'x/' < every 'x/<key>' < 'x0' ('0' follows '/'): an index range, not a LIKE.
        ...prefixes.map((p) => eb.and([eb('scope', '>', p), eb('scope', '<', `${p.slice(0, -1)}0`)])),
      ]),
    );
}

/**
 * For a write no trigger sees (the public answer depends on something outside the versioned tables):
 * one atomic upsert in the caller's transaction. The tables' own writes need no call.
 */
export async function bumpDataVersion(trx: Trx, scope: string): Promise<void> {
  await trx
    .insertInto('data_versions')
    .values({ scope, version: 1 })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ version: sql<number>`data_versions.version + 1` }))
    .execute();
}
