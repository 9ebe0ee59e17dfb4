import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect.js';
import type { Database } from './schema.js';

/** The first half of the advisory lock's key: "zl" — the second is the schema's, so schemas sharing a database do not wait for each other. */
const LOCK_CLASS = 0x7a6c;

/**
 * Runs the first-start work (migrations, the center's rows, imported uploads, the demo county, the
 * ADMIN_PHONE account) holding a PostgreSQL advisory lock on one dedicated connection: a second
 * instance started at the same moment waits here, then finds the work done (each step checks
 * "already done" itself, inside the lock). A crashed holder's lock goes with its connection.
 * SQLite needs nothing: it is one server process per file.
 */
export async function withStartupLock<T>(
  db: Kysely<Database>,
  dialect: DialectName,
  work: () => Promise<T>,
): Promise<T> {
  if (dialect === 'sqlite') return work();
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${LOCK_CLASS}, hashtext(current_schema()))`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}, hashtext(current_schema()))`.execute(connection);
    }
  });
}
