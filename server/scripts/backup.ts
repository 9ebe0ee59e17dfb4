/**
 * `npm run backup [-- <file>]` — a consistent copy of the SQLite database, taken while the server
 * runs (`backupSqliteFile`: VACUUM INTO, never a file copy). Photos are in the database, so the
 * copy holds them. Not in the copy: the session secret (SESSION_SECRET, or DATA_DIR/session-secret)
 * — without it everyone signs in again, nothing else is lost.
 * PostgreSQL is backed up with pg_dump -Fc (README, "Backups").
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { backupSqliteFile } from '../src/db/backup.js';

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

const { entries, files } = backupSqliteFile(source, target);
console.log(`备份完成 ${target}`);
console.log(
  `  ${(statSync(target).size / 1024 / 1024).toFixed(1)} MB, points entries ${entries}, stored files ${files}`,
);
console.log(
  `  not in the copy: the session secret (${process.env.SESSION_SECRET ? 'SESSION_SECRET' : path.join(config.dataDir, 'session-secret')})`,
);
