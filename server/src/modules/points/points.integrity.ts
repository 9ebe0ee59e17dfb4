import { createHash } from 'node:crypto';
import {
  GENESIS_HASH,
  type IntegrityMode,
  type TIntegrityLastRun,
  type TIntegrityMismatch,
  type TIntegrityReport,
} from '@zhongli/domain';
import type { AppDeps, Db } from '../../platform/deps.js';
import * as repo from './points.repository.js';
import * as checkpoints from './points.checkpoints.repository.js';
import type { BalanceWithHead, VerifiedHead } from './points.checkpoints.repository.js';

interface ChainState {
  residentId: number;
  prevHash: string;
  seq: number;
  sum: number;
}

type LedgerRow = Awaited<ReturnType<typeof repo.ledgerPage>>[number];

export interface IntegrityProgress {
  entries: number;
  /** the entries the cached heads account for when the run began */
  total: number;
}

interface Snapshot {
  base: Awaited<ReturnType<typeof checkpoints.latestCheckpoint>>;
  maxEntryId: number;
  balances: BalanceWithHead[];
}

interface Run {
  report: TIntegrityReport;
  /** what the checkpoint written after this run (if it passed) records */
  checkpoint: { baseCheckpointId: number; chains: number; entries: number; maxEntryId: number; rootHash: string };
  /** the heads this run verified anew, written with the checkpoint */
  heads: VerifiedHead[];
}

const PAGE = 5_000;
const TAILS_PER_QUERY = 200;
const genesis = (residentId: number): ChainState => ({ residentId, prevHash: GENESIS_HASH, seq: 0, sum: 0 });

/**
 * The cached balances (the chain heads the application keeps) beside the verified checkpoint heads, with
 * the checkpoint they belong to. Read again when a checkpoint was written while reading, so that the
 * heads and their checkpoint match. Entries written after this snapshot are left for the next run.
 */
async function takeSnapshot(db: Db): Promise<Snapshot> {
  for (let attempt = 0; ; attempt++) {
    const base = await checkpoints.latestCheckpoint(db);
    const maxEntryId = await checkpoints.maxEntryId(db);
    const balances = await checkpoints.balancesWithHeads(db);
    const after = await checkpoints.latestCheckpoint(db);
    if (after?.id === base?.id || attempt === 2) return { base, maxEntryId, balances };
  }
}

/** Checks one entry against the chain replayed so far and moves the chain past it. */
function checkEntry(chain: ChainState, entry: LedgerRow, mismatches: TIntegrityMismatch[]): void {
  if (entry.seq !== chain.seq + 1)
    mismatches.push({
      residentId: entry.resident_id,
      problem: 'SEQUENCE_GAP',
      entryId: entry.id,
      expected: chain.seq + 1,
      actual: entry.seq,
    });
  if (entry.prev_hash !== chain.prevHash)
    mismatches.push({ residentId: entry.resident_id, problem: 'CHAIN_BROKEN', entryId: entry.id });
  checkOwnHash(entry, mismatches);
  chain.sum += entry.delta;
  if (entry.balance_after !== chain.sum)
    mismatches.push({
      residentId: entry.resident_id,
      problem: 'BALANCE_AFTER_MISMATCH',
      entryId: entry.id,
      expected: chain.sum,
      actual: entry.balance_after,
    });
  chain.seq = entry.seq;
  chain.prevHash = entry.hash;
}

/** The entry's content still gives its hash (it was not edited). */
function checkOwnHash(entry: LedgerRow, mismatches: TIntegrityMismatch[]): void {
  const recomputed = repo.entryHash(entry.prev_hash, {
    residentId: entry.resident_id,
    seq: entry.seq,
    delta: entry.delta,
    kind: entry.kind,
    ruleId: entry.rule_id,
    refType: entry.ref_type,
    refId: entry.ref_id,
    actorUserId: entry.actor_user_id,
    idempotencyKey: entry.idempotency_key,
    createdAt: entry.created_at,
  });
  if (recomputed !== entry.hash)
    mismatches.push({ residentId: entry.resident_id, problem: 'HASH_MISMATCH', entryId: entry.id });
}

/** The entry a checkpoint vouched for must still be that entry: same hash, same running balance. */
function checkAgainstHead(entry: LedgerRow, b: BalanceWithHead, mismatches: TIntegrityMismatch[]): void {
  if (entry.hash !== b.head_hash || entry.balance_after !== b.head_balance)
    mismatches.push({
      residentId: entry.resident_id,
      problem: 'CHECKPOINT_MISMATCH',
      entryId: entry.id,
      expected: `${b.head_seq}:${(b.head_hash ?? '').slice(0, 12)}`,
      actual: `${entry.seq}:${entry.hash.slice(0, 12)}`,
    });
}

/** The replayed chain ends where the cached balance row says. */
function checkBalanceRow(b: BalanceWithHead, chain: ChainState, mismatches: TIntegrityMismatch[]): void {
  if (b.balance !== chain.sum)
    mismatches.push({ residentId: b.resident_id, problem: 'BALANCE_MISMATCH', expected: chain.sum, actual: b.balance });
  if (b.last_hash !== chain.prevHash || b.entry_count !== chain.seq)
    mismatches.push({
      residentId: b.resident_id,
      problem: 'HEAD_MISMATCH',
      expected: `${chain.seq}:${chain.prevHash.slice(0, 12)}`,
      actual: `${b.entry_count}:${b.last_hash.slice(0, 12)}`,
    });
}

/**
 * The root over every cached head (published as the report's root hash), and the check that the
 * verified heads still hash to the root their checkpoint recorded: editing the heads table to match a
 * rewritten chain shows here.
 */
function roots(snapshot: Snapshot, mismatches: TIntegrityMismatch[]): string {
  checkHeadsRoot(
    snapshot.base,
    snapshot.balances.flatMap((b) => (b.head_hash === null ? [] : [[b.resident_id, b.head_hash] as const])),
    mismatches,
  );
  return rootOver(snapshot.balances.map((b) => [b.resident_id, b.last_hash] as const));
}

/** SHA-256 over `resident:head` lines in resident order: the root hash of a set of chain heads. */
function rootOver(heads: Iterable<readonly [number, string]>): string {
  const root = createHash('sha256');
  for (const [residentId, hash] of heads) root.update(`${residentId}:${hash}\n`);
  return root.digest('hex');
}

/** The verified heads, as they are now, hash to their checkpoint's root (returned). */
function checkHeadsRoot(
  base: Snapshot['base'],
  heads: Iterable<readonly [number, string]>,
  mismatches: TIntegrityMismatch[],
): string {
  const actual = rootOver(heads);
  if (base && actual !== base.root_hash)
    mismatches.push({ residentId: 0, problem: 'CHECKPOINT_MISMATCH', expected: base.root_hash, actual });
  return actual;
}

/**
 * Entries past the snapshot's head are new since the run began, unless the balance row still does not
 * count them now: then an entry was appended behind the application's back.
 */
async function checkBeyond(db: Db, beyond: Map<number, number>, mismatches: TIntegrityMismatch[]): Promise<void> {
  const ids = [...beyond.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const now = new Map((await checkpoints.balancesOf(db, ids.slice(i, i + 500))).map((b) => [b.resident_id, b]));
    for (const id of ids.slice(i, i + 500)) {
      const seq = beyond.get(id)!;
      const count = now.get(id)?.entry_count ?? 0;
      if (count < seq)
        mismatches.push({ residentId: id, problem: 'HEAD_MISMATCH', expected: `${seq}:…`, actual: `${count}:…` });
    }
  }
}

function report(
  mode: IntegrityMode,
  snapshot: Snapshot,
  counts: { entries: number; chainsChecked: number },
  mismatches: TIntegrityMismatch[],
  now: Date,
): TIntegrityReport {
  const rootHash = roots(snapshot, mismatches);
  return {
    ok: mismatches.length === 0,
    mode,
    entries: counts.entries,
    chainsChecked: counts.chainsChecked,
    residents: snapshot.balances.length,
    mismatches,
    rootHash,
    checkedAt: now.toISOString(),
  };
}

/** The cached head is not the verified one (or there is none yet): the chain changed since the checkpoint. */
const headMoved = (b: BalanceWithHead) =>
  b.head_seq !== b.entry_count || b.head_hash !== b.last_hash || b.head_balance !== b.balance;

const headOf = (b: BalanceWithHead): VerifiedHead => ({
  residentId: b.resident_id,
  seq: b.entry_count,
  hash: b.last_hash,
  balance: b.balance,
});

/**
 * Replays every chain from the genesis, streaming the ledger in chain order so memory stays flat
 * however large it grows; also checks that every chain still passes through its checkpointed head.
 */
async function fullCheck(db: Db, now: Date, onProgress?: (p: IntegrityProgress) => void): Promise<Run> {
  const snapshot = await takeSnapshot(db);
  const byResident = new Map(snapshot.balances.map((b) => [b.resident_id, b]));
  const total = snapshot.balances.reduce((n, b) => n + b.entry_count, 0);
  const mismatches: TIntegrityMismatch[] = [];
  const chains = new Map<number, ChainState>();
  const beyond = new Map<number, number>();
  let entries = 0;
  let cursor = { residentId: 0, seq: 0 };
  for (;;) {
    const page = await repo.ledgerPage(db, cursor, PAGE);
    for (const entry of page) {
      const b = byResident.get(entry.resident_id);
      if (b && entry.seq > b.entry_count) {
        beyond.set(entry.resident_id, entry.seq);
        continue;
      }
      entries++;
      let chain = chains.get(entry.resident_id);
      if (!chain) chains.set(entry.resident_id, (chain = genesis(entry.resident_id)));
      checkEntry(chain, entry, mismatches);
      if (b?.head_seq && entry.seq === b.head_seq) checkAgainstHead(entry, b, mismatches);
    }
    onProgress?.({ entries, total });
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    cursor = { residentId: last.resident_id, seq: last.seq };
  }

  for (const b of snapshot.balances) {
    const chain = chains.get(b.resident_id) ?? genesis(b.resident_id);
    checkBalanceRow(b, chain, mismatches);
    if (b.head_seq !== null && chain.seq < b.head_seq)
      mismatches.push({
        residentId: b.resident_id,
        problem: 'CHECKPOINT_MISMATCH',
        expected: `${b.head_seq}:${(b.head_hash ?? '').slice(0, 12)}`,
        actual: `${chain.seq}:${chain.prevHash.slice(0, 12)}`,
      });
    chains.delete(b.resident_id);
  }
  // Entries of a resident with no balance row in the snapshot: new since, or the cache row was deleted.
  for (const chain of chains.values()) beyond.set(chain.residentId, chain.seq);
  await checkBeyond(db, beyond, mismatches);

  const result = report('full', snapshot, { entries, chainsChecked: snapshot.balances.length }, mismatches, now);
  return {
    report: result,
    checkpoint: {
      baseCheckpointId: snapshot.base?.id ?? 0,
      chains: snapshot.balances.length,
      entries: total,
      maxEntryId: snapshot.maxEntryId,
      rootHash: result.rootHash, // once passed, every head is the cached one
    },
    heads: snapshot.balances.filter(headMoved).map(headOf), // the others are checkpointed as they are
  };
}

/**
 * Replays only what came after each chain's verified head: the chains whose cached head moved since
 * the checkpoint (found by the database, not carried row by row into JavaScript), or that gained an entry
 * since the checkpoint's run began. Each starts at its verified head, whose entry must still carry the
 * checkpointed hash and balance, and must link on from it. The verified heads must still give the
 * checkpoint's root. Edits before a checkpoint are the full check's to find.
 */
async function incrementalCheck(db: Db, now: Date, onProgress?: (p: IntegrityProgress) => void): Promise<Run> {
  let read;
  for (let attempt = 0; ; attempt++) {
    const base = await checkpoints.latestCheckpoint(db);
    if (!base) return fullCheck(db, now, onProgress);
    const maxEntryId = await checkpoints.maxEntryId(db);
    const heads = await checkpoints.headHashes(db);
    const moved = await checkpoints.movedChains(db);
    read = { base, maxEntryId, heads, moved };
    if ((await checkpoints.latestCheckpoint(db))?.id === base.id || attempt === 2) break;
  }
  const { base, maxEntryId, heads, moved } = read;
  const mismatches: TIntegrityMismatch[] = [];
  const headsRoot = checkHeadsRoot(
    base,
    heads.map((h) => [h.resident_id, h.hash] as const),
    mismatches,
  );
  const byResident = new Map(moved.map((b) => [b.resident_id, b]));
  const beyond = new Map<number, number>();
  const unmoved = (await checkpoints.chainsWithEntriesAfter(db, base.max_entry_id)).filter((id) => !byResident.has(id));
  for (let i = 0; i < unmoved.length; i += 500) {
    const rows = await checkpoints.chainsBesideHeads(db, unmoved.slice(i, i + 500));
    for (const b of rows) byResident.set(b.resident_id, b);
  }
  for (const id of unmoved) if (!byResident.has(id)) beyond.set(id, 1); // entries without a balance row

  const ids = [...byResident.keys()].sort((a, b) => a - b);
  const total = ids.reduce((n, id) => {
    const b = byResident.get(id)!;
    return n + Math.max(0, b.entry_count - (b.head_seq ?? 0)) + (b.head_seq ? 1 : 0); // the head entry is re-read
  }, 0);
  let entries = 0;
  for (let i = 0; i < ids.length; i += TAILS_PER_QUERY) {
    const batch = ids.slice(i, i + TAILS_PER_QUERY).map((id) => byResident.get(id)!);
    const rows = await checkpoints.chainTails(
      db,
      batch.map((b) => ({ residentId: b.resident_id, fromSeq: Math.max(1, b.head_seq ?? 1) })),
    );
    let r = 0;
    for (const b of batch) {
      const chain: ChainState =
        b.head_seq !== null && b.head_hash !== null && b.head_balance !== null
          ? { residentId: b.resident_id, prevHash: b.head_hash, seq: b.head_seq, sum: b.head_balance }
          : genesis(b.resident_id);
      let atHead = chain.seq > 0; // the first row is the checkpointed entry itself
      let headSeen = false;
      for (; r < rows.length && rows[r]!.resident_id === b.resident_id; r++) {
        const entry = rows[r]!;
        entries++;
        if (atHead) {
          atHead = false;
          if (entry.seq === chain.seq) {
            // unchanged, and still the entry the checkpoint vouched for
            headSeen = true;
            checkOwnHash(entry, mismatches);
            checkAgainstHead(entry, b, mismatches);
            continue;
          }
        }
        if (entry.seq > b.entry_count) {
          beyond.set(b.resident_id, entry.seq);
          continue;
        }
        checkEntry(chain, entry, mismatches);
      }
      if (b.head_seq && !headSeen)
        mismatches.push({
          residentId: b.resident_id,
          problem: 'CHECKPOINT_MISMATCH',
          expected: b.head_seq,
          actual: '—',
        });
      checkBalanceRow(b, chain, mismatches);
    }
    onProgress?.({ entries, total });
  }
  await checkBeyond(db, beyond, mismatches);

  // The next checkpoint: the verified heads with this run's chains moved on (both lists in resident order).
  const next: (readonly [number, string])[] = [];
  let checkpointEntries = base.entries;
  let m = 0;
  for (const h of heads) {
    for (; m < ids.length && ids[m]! < h.resident_id; m++) next.push([ids[m]!, byResident.get(ids[m]!)!.last_hash]);
    if (m < ids.length && ids[m] === h.resident_id) next.push([h.resident_id, byResident.get(ids[m++]!)!.last_hash]);
    else next.push([h.resident_id, h.hash]);
  }
  for (; m < ids.length; m++) next.push([ids[m]!, byResident.get(ids[m]!)!.last_hash]);
  for (const b of byResident.values()) checkpointEntries += b.entry_count - (b.head_seq ?? 0);
  const rootHash = ids.length ? rootOver(next) : headsRoot;
  return {
    report: {
      ok: mismatches.length === 0,
      mode: 'incremental',
      entries,
      chainsChecked: ids.length,
      residents: next.length,
      mismatches,
      rootHash,
      checkedAt: now.toISOString(),
    },
    checkpoint: { baseCheckpointId: base.id, chains: next.length, entries: checkpointEntries, maxEntryId, rootHash },
    heads: [...byResident.values()].map(headOf),
  };
}

/**
 * Recomputes every balance from the ledger and verifies every resident's hash chain (the full check),
 * changing nothing. `verifyLedger` runs it (or the incremental one) and records the run.
 */
export async function checkLedgerIntegrity(
  db: Db,
  now: Date,
  onProgress?: (p: IntegrityProgress) => void,
): Promise<TIntegrityReport> {
  return (await fullCheck(db, now, onProgress)).report;
}

/**
 * Runs the check, records the run (上次核查) and, only when it passed, writes a checkpoint of the heads
 * it verified, so the next incremental run starts there. Incremental before any checkpoint runs full.
 */
export async function verifyLedger(options: {
  deps: Pick<AppDeps, 'db' | 'clock'>;
  mode: IntegrityMode;
  onProgress?: (p: IntegrityProgress) => void;
}): Promise<TIntegrityReport> {
  const { deps, mode, onProgress } = options;
  const startedAt = deps.clock.now();
  const run =
    mode === 'full'
      ? await fullCheck(deps.db, startedAt, onProgress)
      : await incrementalCheck(deps.db, startedAt, onProgress);
  const { report: result } = run;
  const finishedAt = deps.clock.now().toISOString();
  const verificationId = await checkpoints.insertVerification(deps.db, {
    mode: result.mode,
    ok: result.ok,
    startedAt: startedAt.toISOString(),
    finishedAt,
    entriesChecked: result.entries,
    chainsChecked: result.chainsChecked,
    mismatches: result.mismatches.length,
    rootHash: result.rootHash,
  });
  if (result.ok)
    await deps.db.transaction().execute(async (trx) => {
      const checkpointId = await checkpoints.insertCheckpoint(trx, {
        ...run.checkpoint,
        verificationId,
        createdAt: finishedAt,
      });
      if (checkpointId !== undefined) await checkpoints.upsertHeads(trx, checkpointId, run.heads);
    });
  return result;
}

export async function lastIntegrityRun({ deps }: { deps: Pick<AppDeps, 'db'> }): Promise<TIntegrityLastRun> {
  const row = await checkpoints.lastVerification(deps.db);
  if (!row) return null;
  return {
    mode: row.mode,
    ok: row.ok === 1,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    entriesChecked: row.entries_checked,
    chainsChecked: row.chains_checked,
    mismatches: row.mismatches,
    rootHash: row.root_hash,
  };
}
