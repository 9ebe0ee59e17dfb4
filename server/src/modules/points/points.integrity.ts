import { createHash } from 'node:crypto';
import { GENESIS_HASH, type TIntegrityMismatch, type TIntegrityReport } from '@zhongli/domain';
import type { Db } from '../../platform/deps.js';
import * as repo from './points.repository.js';

interface ChainState {
  residentId: number;
  prevHash: string;
  seq: number;
  sum: number;
}

const PAGE = 5_000;

/**
 * Recomputes every balance from the ledger and verifies every resident's hash chain, streaming
 * the ledger in chain order so memory stays flat however large it grows.
 */
export async function checkLedgerIntegrity(db: Db, now: Date): Promise<TIntegrityReport> {
  const mismatches: TIntegrityMismatch[] = [];
  const chains = new Map<number, ChainState>();
  let entries = 0;
  let cursor = { residentId: 0, seq: 0 };
  for (;;) {
    const page = await repo.ledgerPage(db, cursor, PAGE);
    for (const entry of page) {
      entries++;
      let chain = chains.get(entry.resident_id);
      if (!chain) {
        chain = { residentId: entry.resident_id, prevHash: GENESIS_HASH, seq: 0, sum: 0 };
        chains.set(entry.resident_id, chain);
      }
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
      chain.sum += entry.delta;
      if (entry.balance_after !== chain.sum) {
        mismatches.push({
          residentId: entry.resident_id,
          problem: 'BALANCE_AFTER_MISMATCH',
          entryId: entry.id,
          expected: chain.sum,
          actual: entry.balance_after,
        });
      }
      chain.seq = entry.seq;
      chain.prevHash = entry.hash;
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    cursor = { residentId: last.resident_id, seq: last.seq };
  }

  const balances = await repo.allBalances(db);
  const root = createHash('sha256');
  for (const b of balances) {
    const chain = chains.get(b.resident_id) ?? { residentId: b.resident_id, prevHash: GENESIS_HASH, seq: 0, sum: 0 };
    if (b.balance !== chain.sum)
      mismatches.push({
        residentId: b.resident_id,
        problem: 'BALANCE_MISMATCH',
        expected: chain.sum,
        actual: b.balance,
      });
    if (b.last_hash !== chain.prevHash || b.entry_count !== chain.seq) {
      mismatches.push({
        residentId: b.resident_id,
        problem: 'HEAD_MISMATCH',
        expected: `${chain.seq}:${chain.prevHash.slice(0, 12)}`,
        actual: `${b.entry_count}:${b.last_hash.slice(0, 12)}`,
      });
    }
    root.update(`${b.resident_id}:${b.last_hash}\n`);
    chains.delete(b.resident_id);
  }
  // Entries for a resident with no balance row at all: the cache was deleted.
  for (const chain of chains.values()) {
    mismatches.push({
      residentId: chain.residentId,
      problem: 'BALANCE_MISMATCH',
      expected: chain.sum,
      actual: 'missing',
    });
  }
  return {
    ok: mismatches.length === 0,
    entries,
    residents: balances.length,
    mismatches,
    rootHash: root.digest('hex'),
    checkedAt: now.toISOString(),
  };
}
