import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import {
  actorOf,
  buildCenterAdmin,
  buildCommunity,
  buildPointsRules,
  buildResident,
  buildStaff,
} from './support/factories.js';
import { awardByRule } from '../src/modules/points/points.service.js';
import { entryHash } from '../src/modules/points/points.repository.js';
import { checkLedgerIntegrity, verifyLedger } from '../src/modules/points/points.integrity.js';

/**
 * Incremental integrity: checkpoints of verified chain heads. An incremental run replays only what came
 * after each chain's checkpointed head; a full run replays everything and also checks that every chain
 * still passes through its checkpointed head; a checkpoint is written only after a run passed.
 */
let t: TestApp;
afterEach(async () => t?.close());

async function county(residents = 2) {
  t = await createTestApp();
  const community = await buildCommunity(t.deps);
  const rules = await buildPointsRules(t.deps, community.id, [{ code: 'A', name: '甲', category: '其他', points: 4 }]);
  const actor = await actorOf(t.deps, await buildStaff(t.deps, community.id));
  const ids: number[] = [];
  for (let i = 0; i < residents; i++) ids.push((await buildResident(t.deps, { communityId: community.id })).id);
  const award = async (residentId: number, times = 1) => {
    for (let i = 0; i < times; i++)
      await t.db.transaction().execute((trx) => awardByRule(trx, t.deps, { actor, residentId, ruleId: rules.A }));
  };
  return { ids, award };
}

const verify = (mode: 'full' | 'incremental') => verifyLedger({ deps: t.deps, mode });
const problems = (report: { mismatches: { problem: string }[] }) => [
  ...new Set(report.mismatches.map((m) => m.problem)),
];
const checkpointCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('points_checkpoints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const headOf = (residentId: number) =>
  t.db.selectFrom('points_checkpoint_heads').selectAll().where('resident_id', '=', residentId).executeTakeFirst();

/** As someone with database access might: the append-only trigger goes, then rows are edited. */
async function allowLedgerEdits() {
  if (t.deps.dialect === 'sqlite') await sql`DROP TRIGGER IF EXISTS points_ledger_no_update`.execute(t.db);
  else await sql`DROP TRIGGER IF EXISTS points_ledger_append_only ON points_ledger`.execute(t.db);
}

/**
 * A forger's rewrite: the entry at `fromSeq` gets `delta` (and, if given, `prevHash`), and every hash from
 * there to the head is recomputed so the chain is internally consistent again, the cached balance row too.
 */
async function rewriteChain(residentId: number, fromSeq: number, change: { delta?: number; prevHash?: string }) {
  await allowLedgerEdits();
  const rows = await t.db
    .selectFrom('points_ledger')
    .selectAll()
    .where('resident_id', '=', residentId)
    .orderBy('seq')
    .execute();
  let prevHash = rows.find((r) => r.seq === fromSeq - 1)?.hash ?? rows[0]!.prev_hash;
  let balance = rows.find((r) => r.seq === fromSeq - 1)?.balance_after ?? 0;
  for (const row of rows.filter((r) => r.seq >= fromSeq)) {
    if (row.seq === fromSeq && change.prevHash) prevHash = change.prevHash;
    const delta = row.seq === fromSeq && change.delta !== undefined ? change.delta : row.delta;
    balance += delta;
    const hash = entryHash(prevHash, {
      residentId,
      seq: row.seq,
      delta,
      kind: row.kind,
      ruleId: row.rule_id,
      refType: row.ref_type,
      refId: row.ref_id,
      actorUserId: row.actor_user_id,
      idempotencyKey: row.idempotency_key,
      createdAt: row.created_at,
    });
    await t.db
      .updateTable('points_ledger')
      .set({ delta, prev_hash: prevHash, hash, balance_after: balance })
      .where('id', '=', row.id)
      .execute();
    prevHash = hash;
  }
  await t.db
    .updateTable('points_balances')
    .set({ balance, last_hash: prevHash })
    .where('resident_id', '=', residentId)
    .execute();
}

// each test builds its own database and app: slower than the default 20 s on a loaded PostgreSQL
describe('incremental integrity (checkpoints of verified chain heads)', { timeout: 60_000 }, () => {
  it('checks only what came after the checkpoint once one exists, and moves the checkpoint on', async () => {
    const { ids, award } = await county(3);
    await award(ids[0]!, 3);
    await award(ids[1]!, 2);

    const first = await verify('incremental');
    expect(first).toMatchObject({ ok: true, mode: 'full', entries: 5 }); // no checkpoint yet: full
    expect(await headOf(ids[0]!)).toMatchObject({ seq: 3, balance: 12 });

    await award(ids[0]!, 2);
    const second = await verify('incremental');
    expect(second.mismatches).toEqual([]);
    // resident 0 only: its checkpointed entry (seq 3, re-read to check it) and the two after it
    expect(second).toMatchObject({ ok: true, mode: 'incremental', chainsChecked: 1, entries: 3 });
    expect(second.rootHash).toBe((await checkLedgerIntegrity(t.db, t.clock.now())).rootHash);
    expect(await headOf(ids[0]!)).toMatchObject({ seq: 5, balance: 20 });

    const third = await verify('incremental');
    expect(third).toMatchObject({ ok: true, mode: 'incremental', chainsChecked: 0, entries: 0 });
    expect(await checkpointCount()).toBe(3);

    const admin = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
    const last = await t.app.inject({ method: 'GET', url: '/api/points/integrity/last', headers: { cookie: admin } });
    expect(last.json()).toMatchObject({ mode: 'incremental', ok: true, entriesChecked: 0, mismatches: 0 });
  });

  it('fails the incremental check when an entry after the checkpoint is edited', async () => {
    const { ids, award } = await county();
    await award(ids[0]!, 2);
    await verify('full');
    await award(ids[0]!, 2);
    await allowLedgerEdits();
    await t.db
      .updateTable('points_ledger')
      .set({ delta: 40 })
      .where('resident_id', '=', ids[0]!)
      .where('seq', '=', 3)
      .execute();

    const report = await verify('incremental');
    expect(report.ok).toBe(false);
    expect(report.mode).toBe('incremental');
    expect(problems(report)).toEqual(expect.arrayContaining(['HASH_MISMATCH']));
  });

  it('leaves an edit before the checkpoint to --full, which catches it, even when the whole chain was rehashed', async () => {
    const { ids, award } = await county();
    await award(ids[0]!, 3);
    await award(ids[1]!, 3);
    await verify('full');

    // A plain edit of an old entry of an unchanged chain: not the incremental run's to see.
    await allowLedgerEdits();
    await t.db
      .updateTable('points_ledger')
      .set({ delta: 40 })
      .where('resident_id', '=', ids[1]!)
      .where('seq', '=', 1)
      .execute();
    expect((await verify('incremental')).ok).toBe(true);
    const full = await verify('full');
    expect(full.ok).toBe(false);
    expect(problems(full)).toEqual(expect.arrayContaining(['HASH_MISMATCH']));

    // A forger who rehashes the chain from the edited entry on, and the cached head: every link holds,
    // only the checkpoint still knows the old head.
    await rewriteChain(ids[0]!, 1, { delta: 9 });
    const rewritten = await verify('full');
    expect(rewritten.mismatches.filter((m) => m.residentId === ids[0])).toEqual([
      expect.objectContaining({ problem: 'CHECKPOINT_MISMATCH' }),
    ]);
  });

  it('fails at the checkpoint boundary: the first entry after it must link to the checkpointed head', async () => {
    const { ids, award } = await county();
    await award(ids[0]!, 3);
    await verify('full');
    await award(ids[0]!, 2);
    // seq 4 now links to another hash; its own hash and everything after it are recomputed to match
    await rewriteChain(ids[0]!, 4, { prevHash: 'f'.repeat(64) });

    const report = await verify('incremental');
    expect(report.ok).toBe(false);
    expect(report.mismatches).toEqual([expect.objectContaining({ residentId: ids[0], problem: 'CHAIN_BROKEN' })]);
  });

  it('fails the incremental check when the checkpointed entry itself was rewritten', async () => {
    const { ids, award } = await county();
    await award(ids[0]!, 3);
    await verify('full');
    await award(ids[0]!, 1);
    await rewriteChain(ids[0]!, 2, { delta: 8 }); // seq 2 … 4 rehashed: seq 3 (the head) no longer has its hash

    const report = await verify('incremental');
    expect(report.ok).toBe(false);
    // seq 3 is not the checkpointed entry any more, and seq 4 does not link to the checkpointed head
    expect(report.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          residentId: ids[0],
          problem: 'CHECKPOINT_MISMATCH',
          actual: expect.stringMatching(/^3:/),
        }),
        expect.objectContaining({ residentId: ids[0], problem: 'CHAIN_BROKEN' }),
      ]),
    );
  });

  it('writes a checkpoint only after a run passed, and records every run', async () => {
    const { ids, award } = await county();
    await award(ids[0]!, 2);
    expect((await verify('full')).ok).toBe(true);
    expect(await checkpointCount()).toBe(1);
    const head = await headOf(ids[0]!);

    await award(ids[0]!, 1);
    await allowLedgerEdits();
    await t.db
      .updateTable('points_ledger')
      .set({ delta: 40 })
      .where('resident_id', '=', ids[0]!)
      .where('seq', '=', 3)
      .execute();
    for (const mode of ['incremental', 'full'] as const) expect((await verify(mode)).ok).toBe(false);
    expect(await checkpointCount()).toBe(1);
    expect(await headOf(ids[0]!)).toEqual(head);

    const runs = await t.db.selectFrom('points_verifications').select(['mode', 'ok']).orderBy('id').execute();
    expect(runs).toEqual([
      { mode: 'full', ok: 1 },
      { mode: 'incremental', ok: 0 },
      { mode: 'full', ok: 0 },
    ]);
  });

  it('sees the heads table edited to match a rewritten chain (the checkpoint root no longer holds)', async () => {
    const { ids, award } = await county();
    await award(ids[0]!, 2);
    await award(ids[1]!, 2);
    await verify('full');
    await rewriteChain(ids[0]!, 1, { delta: 9 });
    const balance = await t.db
      .selectFrom('points_balances')
      .selectAll()
      .where('resident_id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('points_checkpoint_heads')
      .set({ hash: balance.last_hash, balance: balance.balance })
      .where('resident_id', '=', ids[0]!)
      .execute();

    for (const mode of ['incremental', 'full'] as const) {
      const report = await verify(mode);
      expect(report.ok).toBe(false);
      expect(problems(report)).toEqual(['CHECKPOINT_MISMATCH']);
    }
  });
});
