/**
 * `npm run backup [-- <file>]` — a consistent copy of the SQLite database, taken while the server
 * runs. Copying `zhongli.sqlite` itself is not a backup: the latest commits sit in its WAL file
 * until a checkpoint, so a plain copy silently misses acknowledged writes. `VACUUM INTO` writes the
 * database as of one read transaction into a new file (one file: no WAL), without blocking writers.
 * Photos are in the database, so the copy holds them. Not in the copy: the session secret
 * (SESSION_SECRET, or DATA_DIR/session-secret) — without it everyone signs in again, nothing else is lost.
 * PostgreSQL is backed up with pg_dump -Fc (README, "Backups").
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.js';

const config = loadConfig();
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: back up PostgreSQL with pg_dump -Fc (see README, "Backups").');
  process.exit(2);
}
const source = path.join(config.dataDir, 'zhongli.sqlite');
if (!existsSync(source)) {
  console.error(`no database at ${source}`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
// npm runs the script in server/: a file named on the command line is relative to where npm was called.
const callerDir = process.env.INIT_CWD ?? process.cwd();
const target = process.argv[2]
  ? path.resolve(callerDir, process.argv[2])
  : path.join(config.dataDir, 'backups', `zhongli-${stamp}.sqlite`);
if (existsSync(target)) {
  console.error(`${target} exists: a backup never overwrites a file`);
  process.exit(1);
}
mkdirSync(path.dirname(target), { recursive: true });

const db = new BetterSqlite3(source, { fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  db.prepare('VACUUM INTO ?').run(target);
} finally {
  db.close();
}

const copy = new BetterSqlite3(target, { readonly: true });
try {
  const integrity = copy.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') throw new Error(`the copy fails integrity_check: ${String(integrity)}`);
  const { entries } = copy.prepare('select count(*) as entries from points_ledger').get() as { entries: number };
  const { photos } = copy.prepare('select count(*) as photos from blobs').get() as { photos: number };
  console.log(`备份完成 ${target}`);
  console.log(
    `  ${(statSync(target).size / 1024 / 1024).toFixed(1)} MB, points entries ${entries}, stored files ${photos}`,
  );
  console.log(
    `  not in the copy: the session secret (${process.env.SESSION_SECRET ? 'SESSION_SECRET' : path.join(config.dataDir, 'session-secret')})`,
  );
} finally {
  copy.close();
}
