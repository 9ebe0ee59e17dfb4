import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  createQueryId,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import { parseSavepointCommand } from './savepoint-command.js';

/**
 * Kysely's SQLite driver with prepared statements kept by SQL text.
 *
 * Kysely's own driver calls `db.prepare(sql)` for every query; preparing is SQLite parsing and
 * planning the statement again — about an eighth of an award's time (issue 15). Queries built by
 * the same code compile to the same SQL text with different parameters, so the statement is
 * prepared once and reused. The cache is a bounded LRU: ad-hoc SQL (a report's `IN (?, ?, …)` of
 * a thousand ids) cannot grow it without limit.
 *
 * Three things to be careful with in better-sqlite3:
 * - A statement that returns data (`reader`: SELECT, or anything with RETURNING) is run with
 *   `.all()`, the others with `.run()` — decided by the statement, as Kysely's driver does.
 * - A statement being iterated (`streamQuery`, an export's keyset page) cannot be run again until
 *   the iteration ends: streaming gets a statement of its own, never the cached one, and a cached
 *   statement found `busy` (an iteration left open) is not used — a fresh one is prepared instead.
 * - A statement that fails is reset by better-sqlite3, so it stays usable; one whose prepare fails
 *   is never cached.
 *
 * BEGIN IMMEDIATE opens every transaction (see `beginTransaction`). There is one connection, as
 * with Kysely's driver: the mutex hands it to one transaction or query at a time.
 */
export const DEFAULT_STATEMENT_CACHE_SIZE = 200;

export interface CachingSqliteDialectConfig {
  database: BetterSqlite3.Database;
  /** How many prepared statements to keep; the least recently used goes first. */
  statementCacheSize?: number;
  /**
   * Group commit (an experiment, off unless asked for): several transactions share one durable COMMIT,
   * each in its own savepoint; each transaction's commit resolves only after the COMMIT holding it.
   * The largest group before a COMMIT is forced.
   */
  groupCommit?: { maxMembers: number };
}

/**
 * SQL that is prepared afresh every time. An EXPLAIN is answered from the program made when it was
 * prepared and never checks the schema again (it opens no transaction), so a kept one would go on
 * describing a plan through an index that has since been dropped; schema changes and PRAGMAs are
 * one-offs with nothing to gain from being kept.
 */
const NEVER_KEPT = /^\s*(explain|create|drop|alter|pragma)\b/i;

export class StatementCache {
  readonly #db: BetterSqlite3.Database;
  readonly #max: number;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  /** Counted for the tests and the bench: how often a statement was prepared and reused. */
  prepared = 0;
  reused = 0;

  constructor(db: BetterSqlite3.Database, max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('statementCacheSize must be a positive integer');
    this.#db = db;
    this.#max = max;
  }

  get size(): number {
    return this.#statements.size;
  }

  /** The prepared statement for `sql`, prepared now if it is not kept (or is mid-iteration). */
  get(sql: string): BetterSqlite3.Statement {
    if (NEVER_KEPT.test(sql)) return this.fresh(sql);
    const kept = this.#statements.get(sql);
    if (kept && !kept.busy) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.#statements.delete(sql);
      this.#statements.set(sql, kept);
      this.reused++;
      return kept;
    }
    const statement = this.#db.prepare(sql); // throws on bad SQL: nothing is cached then
    this.prepared++;
    if (kept) return statement; // the kept one is busy iterating; leave it for its iterator
    this.#statements.set(sql, statement);
    if (this.#statements.size > this.#max) {
      const oldest = this.#statements.keys().next().value as string;
      this.#statements.delete(oldest);
    }
    return statement;
  }

  /** A statement nobody else holds (for iteration). */
  fresh(sql: string): BetterSqlite3.Statement {
    this.prepared++;
    return this.#db.prepare(sql);
  }

  clear(): void {
    this.#statements.clear();
  }
}

class CachingSqliteConnection implements DatabaseConnection {
  constructor(readonly statements: StatementCache) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const statement = this.statements.get(sql);
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({
      numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
      insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    });
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('Sqlite driver only supports streaming of select queries');
    // Its own statement: the iteration may be left open (a consumer that stops early) while others run.
    const iterator = this.statements.fresh(sql).iterate(parameters) as IterableIterator<R>;
    try {
      for (const row of iterator) yield { rows: [row] };
    } finally {
      iterator.return?.();
    }
  }
}

class ConnectionMutex {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#promise) await this.#promise;
    this.#promise = new Promise((resolve) => (this.#resolve = resolve));
  }

  unlock(): void {
    const resolve = this.#resolve;
    this.#promise = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}

/**
 * One use of the connection, from acquire to release. Kysely hands the same object to every query of a
 * transaction, so the lease knows whether a query belongs to a transaction — what group commit needs.
 */
class Lease implements DatabaseConnection {
  savepoint: string | null = null;
  /** The connection went back to the driver at commit (group commit), before Kysely releases it. */
  handedBack = false;
  constructor(
    readonly driver: CachingSqliteDriver,
    readonly connection: CachingSqliteConnection,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // A query outside any transaction must not read what is not durable yet: the open group commits first.
    if (this.savepoint === null) this.driver.flushGroupHoldingConnection();
    return this.connection.executeQuery(compiledQuery);
  }

  streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (this.savepoint === null) this.driver.flushGroupHoldingConnection();
    return this.connection.streamQuery(compiledQuery);
  }
}

interface Group {
  members: { resolve(): void; reject(error: unknown): void }[];
}

export class CachingSqliteDriver implements Driver {
  readonly #db: BetterSqlite3.Database;
  readonly #mutex = new ConnectionMutex();
  readonly #connection: CachingSqliteConnection;
  readonly #groupCommit: { maxMembers: number } | undefined;
  #group: Group | null = null;
  #flushScheduled = false;
  #savepoints = 0;
  /** Counted for the bench and the tests: COMMITs that made groups durable, and the transactions in them. */
  groupStats = { commits: 0, members: 0 };

  constructor(config: CachingSqliteDialectConfig) {
    this.#db = config.database;
    this.#connection = new CachingSqliteConnection(
      new StatementCache(config.database, config.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE),
    );
    this.#groupCommit = config.groupCommit;
  }

  get statements(): StatementCache {
    return this.#connection.statements;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // SQLite has one connection here: wait until it is released.
    await this.#mutex.lock();
    return new Lease(this, this.#connection);
  }

  /**
   * BEGIN IMMEDIATE, not Kysely's plain (deferred) BEGIN: a deferred transaction that reads and then
   * writes can fail with SQLITE_BUSY when another process (an import, a backup, a second instance)
   * holds the write lock. IMMEDIATE takes the lock up front, so busy_timeout applies.
   *
   * With group commit, the first transaction of a group opens it; each transaction is a savepoint in it.
   */
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (!this.#groupCommit) {
      await lease.connection.executeQuery(CompiledQuery.raw('begin immediate'));
      lease.savepoint = '';
      return;
    }
    if (!this.#group) {
      await lease.connection.executeQuery(CompiledQuery.raw('begin immediate'));
      this.#group = { members: [] };
    }
    const name = `zl_group_${++this.#savepoints}`;
    await lease.connection.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
    lease.savepoint = name;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (!this.#groupCommit) {
      lease.savepoint = null;
      await lease.connection.executeQuery(CompiledQuery.raw('commit'));
      return;
    }
    const group = this.#group;
    if (!group || !this.#db.inTransaction) {
      // SQLite rolled the whole transaction back under us (a disk error): every member is lost.
      this.#failGroup(new Error('the group transaction was rolled back by SQLite'));
      lease.savepoint = null;
      throw new Error('the transaction was rolled back by SQLite before its commit');
    }
    await lease.connection.executeQuery(CompiledQuery.raw(`release ${lease.savepoint}`));
    lease.savepoint = null;
    const durable = new Promise<void>((resolve, reject) => group.members.push({ resolve, reject }));
    if (group.members.length >= this.#groupCommit.maxMembers) this.#flushGroup();
    else this.#scheduleFlush();
    // The connection goes back now so that others can join the group; this commit answers after the COMMIT.
    lease.handedBack = true;
    this.#mutex.unlock();
    await durable;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.handedBack) return; // its commit failed after the connection went back: nothing of it is left to undo
    const savepoint = lease.savepoint;
    lease.savepoint = null;
    if (!this.#groupCommit) {
      await lease.connection.executeQuery(CompiledQuery.raw('rollback'));
      return;
    }
    if (!this.#group || !this.#db.inTransaction) {
      this.#failGroup(new Error('the group transaction was rolled back by SQLite'));
      if (this.#db.inTransaction) await lease.connection.executeQuery(CompiledQuery.raw('rollback'));
      return;
    }
    // Only this member's work goes; the others in the group stay.
    await lease.connection.executeQuery(CompiledQuery.raw(`rollback to ${savepoint}`));
    await lease.connection.executeQuery(CompiledQuery.raw(`release ${savepoint}`));
  }

  /** A plain query took the connection while a group is open: commit the group first (we hold the connection). */
  flushGroupHoldingConnection(): void {
    if (this.#group) this.#flushGroup();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // After the I/O callbacks already waiting (other requests) have had their turn to join the group.
    setImmediate(() => {
      void this.#mutex.lock().then(() => {
        this.#flushScheduled = false;
        try {
          this.#flushGroup();
        } finally {
          this.#mutex.unlock();
        }
      });
    });
  }

  /** COMMIT the open group (caller holds the connection), then answer its members. */
  #flushGroup(): void {
    const group = this.#group;
    if (!group) return;
    this.#group = null;
    try {
      this.statements.get('commit').run();
    } catch (error) {
      if (this.#db.inTransaction) this.statements.get('rollback').run();
      for (const member of group.members) member.reject(error);
      return;
    }
    this.groupStats.commits++;
    this.groupStats.members += group.members.length;
    for (const member of group.members) member.resolve();
  }

  #failGroup(error: Error): void {
    const group = this.#group;
    this.#group = null;
    for (const member of group?.members ?? []) member.reject(error);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(parseSavepointCommand('savepoint', name), createQueryId()));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(parseSavepointCommand('rollback to', name), createQueryId()));
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compileQuery: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await connection.executeQuery(compileQuery(parseSavepointCommand('release', name), createQueryId()));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.handedBack) return;
    lease.handedBack = true;
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    await this.#mutex.lock();
    try {
      this.#flushGroup();
    } finally {
      this.#mutex.unlock();
    }
    this.statements.clear();
    this.#db.close();
  }
}

export class CachingSqliteDialect implements Dialect {
  readonly #config: CachingSqliteDialectConfig;
  constructor(config: CachingSqliteDialectConfig) {
    this.#config = config;
  }
  createDriver(): Driver {
    return new CachingSqliteDriver(this.#config);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}
