import type { Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, withId } from './helpers.js';

/**
 * Incremental ledger integrity. `points_verifications` records every run of the check (the dashboard's
 * 上次核查: when, full or incremental, OK or failed, how much it read). `points_checkpoints` is written
 * only after a run passed: its root is the SHA-256 over every chain head it vouches for, and
 * `points_checkpoint_heads` holds, per chain, the latest verified head (seq, hash, running balance) and
 * the checkpoint that verified it. The next incremental run starts each chain from its verified head
 * instead of from the genesis; a full run replays everything and also checks that the chains still pass
 * through the checkpointed heads, so rewriting history before a checkpoint cannot go unnoticed.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id, instant } = columnTypes(dialect);
  await withId(db.schema.createTable('points_verifications'), dialect)
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('started_at', instant, (c) => c.notNull())
    .addColumn('finished_at', instant, (c) => c.notNull())
    .addColumn('entries_checked', 'integer', (c) => c.notNull())
    .addColumn('chains_checked', 'integer', (c) => c.notNull())
    .addColumn('mismatches', 'integer', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .execute();

  // base_checkpoint_id: the checkpoint the run started from (0 before the first). Unique, so of two runs
  // from the same base only one writes its heads: heads always move forward in snapshot order.
  await withId(db.schema.createTable('points_checkpoints'), dialect)
    .addColumn('base_checkpoint_id', id, (c) => c.notNull().unique())
    .addColumn('verification_id', id, (c) => c.notNull().references('points_verifications.id'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('chains', 'integer', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    /** the highest ledger id when the run began: later ids are new entries the next run looks at */
    .addColumn('max_entry_id', id, (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('points_checkpoint_heads')
    .addColumn('resident_id', id, (c) => c.primaryKey().references('residents.id'))
    .addColumn('checkpoint_id', id, (c) => c.notNull().references('points_checkpoints.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('balance', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('points_checkpoint_heads').execute();
  await db.schema.dropTable('points_checkpoints').execute();
  await db.schema.dropTable('points_verifications').execute();
}
