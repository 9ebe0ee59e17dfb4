import { sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';

/** What the two databases spell differently, in one place, so migrations read the same for both. */
export function columnTypes(dialect: DialectName) {
  return {
    instant: dialect === 'postgres' ? ('timestamptz' as const) : ('text' as const),
    date: dialect === 'postgres' ? ('date' as const) : ('text' as const),
    id: dialect === 'postgres' ? ('bigint' as const) : ('integer' as const),
  };
}

export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName) {
  return table.addColumn('id', columnTypes(dialect).id, (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
  );
}

/**
 * The database itself refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) on an append-only
 * table, so no code path — and no hand-typed SQL — can rewrite history.
 */
export async function makeAppendOnly(db: Kysely<any>, dialect: DialectName, table: string): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} ` +
            `BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION zhongli_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION zhongli_refuse_change()`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION zhongli_refuse_change()`,
    )
    .execute(db);
}

export async function dropAppendOnly(db: Kysely<any>, dialect: DialectName, table: string): Promise<void> {
  if (dialect === 'sqlite') {
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_update`).execute(db);
    await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_delete`).execute(db);
    return;
  }
  await sql.raw(`DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`).execute(db);
  await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table}`).execute(db);
}

/**
 * SQLite cannot alter a column or a CHECK: the table is rebuilt from its own stored definition, changed by
 * `change` (the documented procedure: foreign keys off outside a transaction, copy, swap, recreate the
 * indexes and triggers — the append-only ones included — check the foreign keys). SQLite migrations do not
 * run in a transaction (Kysely: no transactional DDL there), so the steps take one explicitly.
 */
export async function rebuildSqliteTable(db: Kysely<any>, table: string, change: (definition: string) => string) {
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where tbl_name = ${table}`.execute(db);
  const definition = rows.find((r) => r.type === 'table')?.sql;
  if (!definition) throw new Error(`${table}: no such table`);
  const rebuilt = change(definition).replace(
    new RegExp(`^CREATE TABLE "?${table}"?`, 'i'),
    `CREATE TABLE "${table}_rebuilt"`,
  );
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await sql.raw(rebuilt).execute(db);
      await sql.raw(`insert into ${table}_rebuilt select * from ${table}`).execute(db);
      await sql.raw(`drop table ${table}`).execute(db);
      await sql.raw(`alter table ${table}_rebuilt rename to ${table}`).execute(db);
      for (const other of rows) if (other.type !== 'table' && other.sql) await sql.raw(other.sql).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length) throw new Error(`${table} rebuild: foreign keys broken`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
