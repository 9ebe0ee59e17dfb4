import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachingSqliteDialect, type CachingSqliteDriver } from '../src/db/sqlite-driver.js';

/**
 * Group commit in the SQLite driver (an experiment, SQLITE_GROUP_COMMIT=1): transactions started
 * while a group is open become savepoints of it, one COMMIT makes them all durable, and no
 * transaction's `execute` resolves before the COMMIT that holds it. A second connection to the file
 * (another process, a crash's survivor) sees only what was committed. SQLite only.
 */
interface Db {
  items: { id: number; name: string };
}

const onSqlite = process.env.ZL_TEST_DB !== 'postgres';

describe.runIf(onSqlite)('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let db: Kysely<Db>;
  let driver: CachingSqliteDriver;
  let observer: BetterSqlite3.Database;

  const open = (maxMembers = 64) => {
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('create table if not exists items (id integer primary key, name text not null unique)');
    class Capturing extends CachingSqliteDialect {
      override createDriver() {
        driver = super.createDriver() as CachingSqliteDriver;
        return driver;
      }
    }
    db = new Kysely<Db>({ dialect: new Capturing({ database: raw, groupCommit: { maxMembers } }) });
  };
  /** What another connection sees: only committed rows. */
  const committedIds = () =>
    (observer.prepare('select id from items order by id').all() as { id: number }[]).map((r) => r.id);
  const insert = (id: number, name = `item ${id}`) =>
    db.transaction().execute((trx) => trx.insertInto('items').values({ id, name }).execute());

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'zhongli-group-'));
    file = path.join(dir, 'group.sqlite');
    open();
    observer = new BetterSqlite3(file);
  });
  afterEach(async () => {
    observer.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('transactions started together share one COMMIT, and each resolves only once it is committed', async () => {
    const seenAtResolve: number[][] = [];
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((id) => insert(id).then(() => seenAtResolve.push(committedIds()))));
    // Every transaction, when its execute resolved, was already visible to another connection.
    seenAtResolve.forEach((ids, i) => expect(ids.length, `resolve ${i}`).toBeGreaterThanOrEqual(8));
    expect(committedIds()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(driver.groupStats.members).toBe(8);
    expect(driver.groupStats.commits).toBeLessThan(8);
  });

  it('a transaction that fails rolls back alone; the others of its group commit', async () => {
    const results = await Promise.allSettled([insert(1), insert(2, 'item 1'), insert(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringMatching(/UNIQUE/) });
    const boom = new Error('boom');
    const thrown = await Promise.allSettled([
      insert(4),
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 5, name: 'item 5' }).execute();
        throw boom;
      }),
      insert(6),
    ]);
    expect(thrown.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedIds()).toEqual([1, 3, 4, 6]);
  });

  it('a query outside a transaction commits the open group first, so it never reads what is not durable', async () => {
    const pending = insert(1);
    // The transaction has run (released its savepoint) but the group waits for the next turn of the loop.
    await new Promise((resolve) => process.nextTick(resolve));
    const read = await db.selectFrom('items').select('id').execute();
    expect(read).toEqual([{ id: 1 }]);
    expect(committedIds()).toEqual([1]); // committed before the read answered
    await pending;
  });

  it('forces a COMMIT at maxMembers', async () => {
    await db.destroy();
    open(2);
    await Promise.all([1, 2, 3, 4, 5, 6].map((id) => insert(id)));
    expect(committedIds()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(driver.groupStats.commits).toBeGreaterThanOrEqual(3);
  });

  it('a failed statement caught inside a member leaves that member and its group intact', async () => {
    await Promise.all([
      insert(1),
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 2, name: 'item 2' }).execute();
        await trx
          .insertInto('items')
          .values({ id: 3, name: 'item 1' })
          .execute()
          .catch(() => undefined); // a failed statement alone does not end the transaction in SQLite
      }),
    ]);
    expect(committedIds()).toEqual([1, 2]);
  });
});
