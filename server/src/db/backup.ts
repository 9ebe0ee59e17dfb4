import BetterSqlite3 from 'better-sqlite3';

/**
 * A consistent copy of a SQLite database that a server may be writing to. Copying the file is not
 * one: the latest commits sit in its WAL until a checkpoint, so a plain copy silently misses
 * acknowledged writes. `VACUUM INTO` writes the database as of one read transaction into a new,
 * self-contained file (no WAL) without blocking writers. The copy is checked before it counts.
 */
export function backupSqliteFile(source: string, target: string): { entries: number; files: number } {
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
    const { files } = copy.prepare('select count(*) as files from blobs').get() as { files: number };
    return { entries, files };
  } finally {
    copy.close();
  }
}
