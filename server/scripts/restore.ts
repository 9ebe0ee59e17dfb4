/**
 * `npm run restore -- <file>` — puts a copy made by `npm run backup` back as the database, with the
 * server stopped (it refuses while another process has the database open), and verifies it: `integrity_check`, then the points check (every balance = sum of
 * its entries, every hash chain). The database it replaces is kept beside it first
 * (`zhongli.sqlite.before-restore-<time>`). Exits 1 when the copy or the result does not verify.
 * PostgreSQL is restored with pg_restore (README, "Backups").
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { checkLedgerIntegrity } from '../src/modules/points/index.js';

const config = loadConfig();
if (config.databaseUrl) {
  console.error('DATABASE_URL is set: restore PostgreSQL with pg_restore (see README, "Backups").');
  process.exit(2);
}
// npm runs the script in server/: the file named on the command line is relative to where npm was called.
const file = process.argv[2] && path.resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2]);
if (!file || !existsSync(file)) {
  console.error('usage: npm run restore -- <backup file> (the server must be stopped)');
  process.exit(2);
}
const live = path.join(config.dataDir, 'zhongli.sqlite');

/**
 * A running server keeps the database open. A connection in exclusive locking mode cannot take its
 * first lock while any other process has a WAL database open, so this tells "stopped" from "running".
 */
function inUseByAnotherProcess(file: string): boolean {
  if (!existsSync(file)) return false;
  const probe = new BetterSqlite3(file, { fileMustExist: true });
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE; COMMIT;');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}
if (inUseByAnotherProcess(live)) {
  console.error(`${live} is open in another process: stop the server, then restore. Nothing was changed.`);
  process.exit(1);
}

const backup = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
try {
  let integrity: unknown;
  try {
    integrity = backup.pragma('integrity_check', { simple: true });
  } catch (error) {
    // Not an SQLite database at all (a truncated download, the wrong file): one line, not a stack trace.
    integrity = (error as Error).message;
  }
  if (integrity !== 'ok') {
    console.error(`${file} is not a sound Zhongli backup (${String(integrity)}): nothing was changed`);
    process.exit(1);
  }
  if (existsSync(live)) {
    const current = new BetterSqlite3(live, { fileMustExist: true });
    const kept = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      current.prepare('VACUUM INTO ?').run(kept);
    } finally {
      current.close();
    }
    console.log(`the database it replaces is kept as ${kept}`);
  }
  // SQLite's backup API writes through the live file's own journal (its WAL, if one was left), so
  // no stale WAL can be replayed over the restored pages afterwards.
  await backup.backup(live);
} finally {
  backup.close();
}

const handle = openSqlite(live);
try {
  await migrateToLatest(handle.db, handle.dialect);
  const report = await checkLedgerIntegrity(handle.db, new Date());
  console.log(`恢复完成 ${live} from ${file}`);
  console.log(`  entries: ${report.entries}   residents with a balance: ${report.residents}`);
  console.log(`  root hash: ${report.rootHash}`);
  for (const m of report.mismatches.slice(0, 20)) console.log(`  MISMATCH resident ${m.residentId}: ${m.problem}`);
  console.log(report.ok ? '  OK: every balance equals the sum of its entries and every chain verifies.' : '  FAILED');
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await handle.close();
}
