import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachingSqliteDialect } from '../src/db/sqlite-driver.js';

/**
 * The SQLite driver that keeps prepared statements by SQL text (server/src/db/sqlite-driver.ts).
 * Each test counts `prepare` calls on the raw connection: a driver that prepared every query again
 * (Kysely's own) fails the reuse tests; one that cached too eagerly fails the others.
 * SQLite only: PostgreSQL does not use this driver.
 */
interface Db {
  items: { id: number; name: string; qty: number };
}

const onSqlite = process.env.ZL_TEST_DB !== 'postgres';

describe.runIf(onSqlite)('SQLite statement cache', () => {
  let dir: string;
  let raw: BetterSqlite3.Database;
  let db: Kysely<Db>;
  let prepared: string[];

  const open = (statementCacheSize?: number) => {
    raw = new BetterSqlite3(path.join(dir, 'cache.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.exec(
      'create table if not exists items (id integer primary key, name text not null unique, qty integer not null check (qty >= 0))',
    );
    prepared = [];
    const prepare = raw.prepare.bind(raw);
    raw.prepare = ((source: string) => {
      prepared.push(source);
      return prepare(source);
    }) as typeof raw.prepare;
    db = new Kysely<Db>({
      dialect: new CachingSqliteDialect({ database: raw, ...(statementCacheSize ? { statementCacheSize } : {}) }),
    });
  };
  const preparedCount = (text: string) => prepared.filter((s) => s.includes(text)).length;
  const byId = (id: number) => db.selectFrom('items').select(['name', 'qty']).where('id', '=', id).executeTakeFirst();

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'zhongli-stmt-cache-'));
    open();
    await db
      .insertInto('items')
      .values([
        { id: 1, name: 'rice', qty: 5 },
        { id: 2, name: 'oil', qty: 3 },
      ])
      .execute();
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares the same SQL once and reuses it with other parameters', async () => {
    expect(await byId(1)).toEqual({ name: 'rice', qty: 5 });
    expect(await byId(2)).toEqual({ name: 'oil', qty: 3 });
    expect(await byId(3)).toBeUndefined();
    expect(preparedCount('select "name", "qty" from "items" where "id" = ?')).toBe(1);
  });

  it('an EXPLAIN is prepared afresh: after an index is dropped it describes the new plan, not the kept one', async () => {
    await sql`create index items_qty on items (qty)`.execute(db);
    const plan = async () =>
      (await sql<{ detail: string }>`explain query plan select id from items where qty = ${1}`.execute(db)).rows
        .map((r) => r.detail)
        .join(' | ');
    expect(await plan()).toContain('items_qty');
    await sql`drop index items_qty`.execute(db);
    expect(await plan()).not.toContain('items_qty');
  });

  it('prepares different SQL separately, each answering its own query', async () => {
    expect(await byId(1)).toEqual({ name: 'rice', qty: 5 });
    const named = await db.selectFrom('items').select('id').where('name', '=', 'oil').executeTakeFirst();
    expect(named).toEqual({ id: 2 });
    expect(preparedCount('where "id" = ?')).toBe(1);
    expect(preparedCount('where "name" = ?')).toBe(1);
  });

  it('runs writers and returns rows from readers (RETURNING), reusing both', async () => {
    for (const qty of [7, 8]) {
      const result = await db.updateTable('items').set({ qty }).where('id', '=', 1).executeTakeFirst();
      expect(result.numUpdatedRows).toBe(1n);
    }
    for (const [id, name] of [
      [3, 'salt'],
      [4, 'tea'],
    ] as const) {
      const row = await db.insertInto('items').values({ id, name, qty: 1 }).returning('id').executeTakeFirst();
      expect(row).toEqual({ id });
    }
    expect(await byId(1)).toEqual({ name: 'rice', qty: 8 });
    expect(preparedCount('update "items" set "qty" = ? where "id" = ?')).toBe(1);
    expect(preparedCount('values (?, ?, ?) returning "id"')).toBe(1);
  });

  it('a failing statement does not poison the cache: the same SQL runs again, and bad SQL is not kept', async () => {
    const insert = (id: number, name: string) => db.insertInto('items').values({ id, name, qty: 1 }).execute();
    await expect(insert(5, 'rice')).rejects.toThrow(/UNIQUE constraint failed/);
    await insert(5, 'flour');
    expect(await byId(5)).toEqual({ name: 'flour', qty: 1 });
    // A CHECK failure on a reader statement (RETURNING) mid-step, then the same statement again.
    const take = (id: number, n: number) =>
      db
        .updateTable('items')
        .set((eb) => ({ qty: eb('qty', '-', n) }))
        .where('id', '=', id)
        .returning('qty')
        .executeTakeFirst();
    await expect(take(2, 10)).rejects.toThrow(/CHECK constraint failed/);
    expect(await take(2, 1)).toEqual({ qty: 2 });
    expect(prepared.filter((s) => s === 'insert into "items" ("id", "name", "qty") values (?, ?, ?)')).toHaveLength(1);
    expect(preparedCount('returning "qty"')).toBe(1);

    await expect(sql`selec nonsense`.execute(db)).rejects.toThrow(/syntax error/);
    await expect(sql`selec nonsense`.execute(db)).rejects.toThrow(/syntax error/);
    expect(preparedCount('selec nonsense')).toBe(2); // tried each time, never kept
    expect(await byId(1)).toEqual({ name: 'rice', qty: 5 });
  });

  it('transactions still roll back, with cached statements used inside and after them', async () => {
    const setQty = (trx: Kysely<Db>, qty: number) =>
      trx.updateTable('items').set({ qty }).where('id', '=', 1).execute();
    await setQty(db, 6); // cached before the transaction
    const boom = new Error('boom');
    await expect(
      db.transaction().execute(async (trx) => {
        await setQty(trx, 100);
        await trx.insertInto('items').values({ id: 9, name: 'sugar', qty: 1 }).execute();
        expect(await trx.selectFrom('items').select('qty').where('id', '=', 1).executeTakeFirst()).toEqual({
          qty: 100,
        });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await byId(1)).toEqual({ name: 'rice', qty: 6 });
    expect(await byId(9)).toBeUndefined();
    // A failed statement inside a transaction rolls the whole transaction back.
    await expect(
      db.transaction().execute(async (trx) => {
        await setQty(trx, 50);
        await trx.insertInto('items').values({ id: 10, name: 'oil', qty: 1 }).execute();
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await byId(1)).toEqual({ name: 'rice', qty: 6 });
    expect(raw.inTransaction).toBe(false);
    await db.transaction().execute((trx) => setQty(trx, 4));
    expect(await byId(1)).toEqual({ name: 'rice', qty: 4 });
    expect(preparedCount('update "items" set "qty" = ? where "id" = ?')).toBe(1);
    expect(preparedCount('begin immediate')).toBe(1);
  });

  it('a stream gets its own statement: an iteration left early leaves the connection and the cached statement usable', async () => {
    await db.insertInto('items').values({ id: 3, name: 'salt', qty: 2 }).execute();
    const all = () => db.selectFrom('items').select('id').orderBy('id');
    expect((await all().execute()).map((r) => r.id)).toEqual([1, 2, 3]); // the cached statement for this SQL
    // better-sqlite3 lets nothing else run on the connection while a statement iterates, so a
    // stream is read to its end or left; leaving it must close the iteration.
    const seen: number[] = [];
    for await (const row of all().stream()) {
      seen.push(row.id);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect((await all().execute()).map((r) => r.id)).toEqual([1, 2, 3]);
    await db.transaction().execute((trx) => trx.updateTable('items').set({ qty: 1 }).where('id', '=', 3).execute());
    const streamed: number[] = [];
    for await (const row of all().stream()) streamed.push(row.id);
    expect(streamed).toEqual([1, 2, 3]);
    expect(preparedCount('select "id" from "items" order by "id"')).toBe(3); // cached once, plus one per stream
  });

  it('keeps at most statementCacheSize statements, dropping the least recently used', async () => {
    await db.destroy();
    open(2);
    await byId(1); // A
    await db.selectFrom('items').select('id').where('name', '=', 'rice').execute(); // B
    await byId(2); // A again: most recent
    await db.selectFrom('items').select('id').where('qty', '=', 3).execute(); // C evicts B
    await byId(1); // A still kept
    await db.selectFrom('items').select('id').where('name', '=', 'oil').execute(); // B again: prepared anew
    expect(preparedCount('where "id" = ?')).toBe(1);
    expect(preparedCount('where "name" = ?')).toBe(2);
  });
});
