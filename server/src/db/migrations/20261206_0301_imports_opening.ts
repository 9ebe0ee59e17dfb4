import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, rebuildSqliteTable, withId } from './helpers.js';

const KINDS_BEFORE = `'award', 'adjustment', 'reversal', 'redemption', 'voucher'`;
const KINDS_AFTER = `'award', 'adjustment', 'reversal', 'redemption', 'voucher', 'opening'`;

/**
 * Excel imports (导入): each residents import remembers whom it registered or updated (打印会员卡 for one import),
 * and opening balances (期初积分) wait as one batch for a second staff member. Approval writes `opening` ledger
 * entries, a new kind the ledger's CHECK must accept; the ledger's unique idempotency key `opening:<resident>`
 * keeps it to one per resident.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { instant, id } = columnTypes(dialect);
  await setLedgerKinds(db, dialect, KINDS_BEFORE, KINDS_AFTER);

  await withId(db.schema.createTable('resident_imports'), dialect)
    .addColumn('created_by', id, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('created_count', 'integer', (c) => c.notNull())
    .addColumn('updated_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('resident_import_rows')
    .addColumn('import_id', id, (c) => c.notNull().references('resident_imports.id'))
    .addColumn('resident_id', id, (c) => c.notNull().references('residents.id'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('created', 'updated')`))
    .addPrimaryKeyConstraint('resident_import_rows_pk', ['import_id', 'resident_id'])
    .execute();

  await withId(db.schema.createTable('opening_batches'), dialect)
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'approved', 'rejected')`),
    )
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('total_points', 'integer', (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.notNull().references('users.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('decided_by', id, (c) => c.references('users.id'))
    .addColumn('decided_at', instant)
    .addColumn('reject_reason', 'text')
    .execute();
  await db.schema.createIndex('opening_batches_status').on('opening_batches').columns(['status', 'id']).execute();
  await db.schema
    .createTable('opening_batch_rows')
    .addColumn('batch_id', id, (c) => c.notNull().references('opening_batches.id'))
    .addColumn('resident_id', id, (c) => c.notNull().references('residents.id'))
    .addColumn('community_id', id, (c) => c.notNull().references('communities.id'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points > 0`))
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('opening_batch_rows_pk', ['batch_id', 'resident_id'])
    .execute();
  await db.schema
    .createIndex('opening_batch_rows_resident')
    .on('opening_batch_rows')
    .columns(['resident_id'])
    .execute();
}

export async function down(db: Kysely<any>, dialect: DialectName): Promise<void> {
  for (const table of ['opening_batch_rows', 'opening_batches', 'resident_import_rows', 'resident_imports'])
    await db.schema.dropTable(table).execute();
  // Fails (the CHECK refuses them) while `opening` entries exist: the ledger is never rewritten to go back.
  await setLedgerKinds(db, dialect, KINDS_AFTER, KINDS_BEFORE);
}

/**
 * PostgreSQL replaces the column's CHECK. SQLite cannot alter a CHECK: the table is rebuilt from its own stored
 * definition with the new list (`rebuildSqliteTable`).
 */
async function setLedgerKinds(db: Kysely<any>, dialect: DialectName, from: string, to: string) {
  if (dialect === 'postgres') {
    await sql`alter table points_ledger drop constraint points_ledger_kind_check`.execute(db);
    await sql
      .raw(`alter table points_ledger add constraint points_ledger_kind_check check (kind in (${to}))`)
      .execute(db);
    return;
  }
  await rebuildSqliteTable(db, 'points_ledger', (table) => {
    if (!table.includes(`kind in (${from})`)) throw new Error('points_ledger: unexpected kind CHECK');
    return table.replace(`kind in (${from})`, `kind in (${to})`);
  });
}
