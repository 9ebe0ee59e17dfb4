import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/deps.js';
import type { IntegrityMode } from '@zhongli/domain';

/** Incremental integrity: verification runs, checkpoints and the verified head of each chain. */

export interface VerifiedHead {
  residentId: number;
  seq: number;
  hash: string;
  balance: number;
}

export function latestCheckpoint(db: Db) {
  return db.selectFrom('points_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function maxEntryId(db: Db): Promise<number> {
  const row = await db
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The number of entries the cached heads account for: the denominator of the full check's progress. */
export async function countedEntries(db: Db): Promise<number> {
  const row = await db
    .selectFrom('points_balances')
    .select((eb) => eb.fn.sum<number>('entry_count').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

function balancesBesideHeads(db: Db) {
  return db
    .selectFrom('points_balances as b')
    .leftJoin('points_checkpoint_heads as h', 'h.resident_id', 'b.resident_id')
    .select([
      'b.resident_id',
      'b.balance',
      'b.entry_count',
      'b.last_hash',
      'h.seq as head_seq',
      'h.hash as head_hash',
      'h.balance as head_balance',
    ]);
}

/** Every balance row beside its chain's verified head (null when the chain has none), in resident order. */
export function balancesWithHeads(db: Db) {
  return balancesBesideHeads(db).orderBy('b.resident_id').execute();
}
export type BalanceWithHead = Awaited<ReturnType<typeof balancesWithHeads>>[number];

/**
 * Only the balance rows whose cached head is not the verified one (or that have none yet), filtered in
 * the database: at county size almost every chain is unchanged, and carrying all of them into
 * JavaScript was most of an incremental run.
 */
export function movedChains(db: Db) {
  return balancesBesideHeads(db)
    .where((eb) =>
      eb.or([
        eb('h.resident_id', 'is', null),
        eb('h.seq', '<>', eb.ref('b.entry_count')),
        eb('h.hash', '<>', eb.ref('b.last_hash')),
        eb('h.balance', '<>', eb.ref('b.balance')),
      ]),
    )
    .orderBy('b.resident_id')
    .execute();
}

/** The chains `residentIds` (balance rows beside their heads). */
export function chainsBesideHeads(db: Db, residentIds: number[]) {
  if (!residentIds.length) return Promise.resolve([]);
  return balancesBesideHeads(db).where('b.resident_id', 'in', residentIds).execute();
}

/** Every verified head's hash, in resident order: what a checkpoint's root is computed over. */
export function headHashes(db: Db) {
  return db.selectFrom('points_checkpoint_heads').select(['resident_id', 'hash']).orderBy('resident_id').execute();
}

export function balancesOf(db: Db, residentIds: number[]) {
  if (!residentIds.length) return Promise.resolve([]);
  return db.selectFrom('points_balances').selectAll().where('resident_id', 'in', residentIds).execute();
}

/** Chains with an entry whose id is above `afterId` (entries written since a run began). */
export async function chainsWithEntriesAfter(db: Db, afterId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('points_ledger')
    .select('resident_id')
    .distinct()
    .where('id', '>', afterId)
    .execute();
  return rows.map((r) => r.resident_id);
}

/** The entries of several chains from a given seq on, in chain order (one index range per chain). */
export function chainTails(db: Db, tails: { residentId: number; fromSeq: number }[]) {
  return db
    .selectFrom('points_ledger')
    .selectAll()
    .where((eb) => eb.or(tails.map((t) => eb.and([eb('resident_id', '=', t.residentId), eb('seq', '>=', t.fromSeq)]))))
    .orderBy('resident_id')
    .orderBy('seq')
    .execute();
}

export async function insertVerification(
  db: Db,
  row: {
    mode: IntegrityMode;
    ok: boolean;
    startedAt: string;
    finishedAt: string;
    entriesChecked: number;
    chainsChecked: number;
    mismatches: number;
    rootHash: string;
  },
): Promise<number> {
  const inserted = await db
    .insertInto('points_verifications')
    .values({
      mode: row.mode,
      ok: row.ok ? 1 : 0,
      started_at: row.startedAt,
      finished_at: row.finishedAt,
      entries_checked: row.entriesChecked,
      chains_checked: row.chainsChecked,
      mismatches: row.mismatches,
      root_hash: row.rootHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export function lastVerification(db: Db) {
  return db.selectFrom('points_verifications').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/**
 * The checkpoint after `baseCheckpointId`, or nothing when another run has already written it (the
 * unique base): then this run's heads are not written, so heads only ever move forward.
 */
export async function insertCheckpoint(
  trx: Trx,
  row: {
    baseCheckpointId: number;
    verificationId: number;
    createdAt: string;
    chains: number;
    entries: number;
    maxEntryId: number;
    rootHash: string;
  },
): Promise<number | undefined> {
  const inserted = await trx
    .insertInto('points_checkpoints')
    .values({
      base_checkpoint_id: row.baseCheckpointId,
      verification_id: row.verificationId,
      created_at: row.createdAt,
      chains: row.chains,
      entries: row.entries,
      max_entry_id: row.maxEntryId,
      root_hash: row.rootHash,
    })
    .onConflict((oc) => oc.column('base_checkpoint_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

const HEADS_PER_STATEMENT = 500;

export async function upsertHeads(trx: Trx, checkpointId: number, heads: VerifiedHead[]): Promise<void> {
  for (let i = 0; i < heads.length; i += HEADS_PER_STATEMENT) {
    await trx
      .insertInto('points_checkpoint_heads')
      .values(
        heads.slice(i, i + HEADS_PER_STATEMENT).map((h) => ({
          resident_id: h.residentId,
          checkpoint_id: checkpointId,
          seq: h.seq,
          hash: h.hash,
          balance: h.balance,
        })),
      )
      .onConflict((oc) =>
        oc.column('resident_id').doUpdateSet({
          checkpoint_id: sql`excluded.checkpoint_id`,
          seq: sql`excluded.seq`,
          hash: sql`excluded.hash`,
          balance: sql`excluded.balance`,
        }),
      )
      .execute();
  }
}
