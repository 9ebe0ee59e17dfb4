import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SelectQueryNode, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { CachingSqliteDialect } from './sqlite-driver.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

/**
 * Row locks (`.forUpdate()`) guard a read-then-write on PostgreSQL, where transactions run side by
 * side. SQLite has no row locks and needs none: BEGIN IMMEDIATE (sqlite-driver.ts) gives each transaction the
 * whole database to itself. This plugin drops the lock clause so one query serves both.
 */
const ROW_LOCKS = new Set(['ForUpdate', 'ForNoKeyUpdate', 'ForShare', 'ForKeyShare', 'NoWait', 'SkipLocked']);
const dropRowLocks: KyselyPlugin = {
  transformQuery({ node }) {
    if (!SelectQueryNode.is(node) || !node.endModifiers) return node;
    return {
      ...node,
      endModifiers: node.endModifiers.filter((m) => !m.modifier || !ROW_LOCKS.has(m.modifier)),
    } as SelectQueryNode;
  },
  transformResult: async ({ result }) => result,
};

/**
 * SQLITE_GROUP_COMMIT=1 turns on group commit (sqlite-driver.ts), an experiment of issue 15: off by
 * default. Read here so that the server, the tests and the bench can all be run with it.
 */
const groupCommitFromEnv = () =>
  process.env.SQLITE_GROUP_COMMIT === '1'
    ? { maxMembers: Number(process.env.SQLITE_GROUP_COMMIT_MAX ?? 64) }
    : undefined;

export function openSqlite(file: string): DatabaseHandle {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  // Points and bookings must survive power loss: FULL syncs the WAL on every commit.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    // Statements prepared once and kept by SQL text; transactions open with BEGIN IMMEDIATE (sqlite-driver.ts).
    dialect: new CachingSqliteDialect({ database: sqlite, groupCommit: groupCommitFromEnv() }),
    plugins: [dropRowLocks],
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

let pgTypesConfigured = false;
function configurePgTypes() {
  if (pgTypesConfigured) return;
  pgTypesConfigured = true;
  // int8 (ids, count(*), sum()) → number: every id and total here is far below 2^53.
  pg.types.setTypeParser(20, (value) => Number(value));
  // timestamptz → ISO string, the same shape SQLite stores.
  pg.types.setTypeParser(1184, (value) => new Date(value).toISOString());
  // date → 'YYYY-MM-DD' as stored, never shifted through a JS Date.
  pg.types.setTypeParser(1082, (value) => value);
}

export function openPostgres(
  connectionString: string,
  options: { schema?: string; max?: number } = {},
): DatabaseHandle {
  configurePgTypes();
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export function openDatabase(config: { databaseUrl?: string; dataDir: string }): DatabaseHandle {
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) throw new Error('DATABASE_URL must start with postgres://');
    return openPostgres(config.databaseUrl);
  }
  return openSqlite(path.join(config.dataDir, 'zhongli.sqlite'));
}
