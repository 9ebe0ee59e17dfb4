import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { rebuildSqliteTable } from './helpers.js';

/**
 * Volunteer hours of a volunteer login without a resident record (a barber who never registered as a
 * resident): their shifts count by the login, so a correction of such an entry has no resident.
 * `volunteer_hour_corrections.resident_id` becomes nullable. PostgreSQL drops the NOT NULL; SQLite cannot
 * alter a column, so the table is rebuilt from its own stored definition (`rebuildSqliteTable`, as
 * `20261206_0301` does for the ledger).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table volunteer_hour_corrections alter column resident_id drop not null`.execute(db);
    return;
  }
  await rebuildSqliteTable(db, 'volunteer_hour_corrections', (table) => {
    const nullable = table.replace(/("?resident_id"? integer) not null/i, '$1');
    if (nullable === table) throw new Error('volunteer_hour_corrections: unexpected resident_id definition');
    return nullable;
  });
}

/** Fails (NOT NULL refuses them) while corrections without a resident exist: history is never rewritten to go back. */
export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table volunteer_hour_corrections alter column resident_id set not null`.execute(db);
    return;
  }
  await rebuildSqliteTable(db, 'volunteer_hour_corrections', (table) =>
    table.replace(/("?resident_id"? integer)/i, '$1 not null'),
  );
}
