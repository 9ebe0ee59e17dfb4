import { randomUUID } from 'node:crypto';
import { AppError, periodKeysAt } from '@zhongli/domain';
import type { AppDeps } from '../../src/platform/deps.js';
import type { Actor } from '../../src/platform/actor.js';
import * as repo from '../../src/modules/points/points.repository.js';
import { awardByRule } from '../../src/modules/points/points.service.js';

/**
 * Deliberately naive versions of the points use cases — the bugs Decidim and Mobilizon shipped —
 * used only as negative controls. Each does its check INSIDE the same transaction as its write,
 * the way the bug is usually written: on PostgreSQL (read committed) two transactions still both
 * pass the check and the concurrency test shows the invariant broken; on SQLite, which runs one
 * write transaction at a time, the check holds and the test can only show the guard. Never import
 * these outside tests.
 */

/** The gap between looking and writing that a real request has (a round trip, a busy event loop). */
const gap = () => new Promise((resolve) => setTimeout(resolve, 2));

/** A limit by count-then-insert: counts today's awards, then appends one more. */
export async function naiveLimitedAward(
  deps: AppDeps,
  o: { actor: Actor; residentId: number; ruleId: number; limit: number },
) {
  const day = periodKeysAt(deps.clock.now()).day;
  return deps.db.transaction().execute(async (trx) => {
    const counted = await trx
      .selectFrom('points_ledger')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('resident_id', '=', o.residentId)
      .where('rule_id', '=', o.ruleId)
      .where('kind', '=', 'award')
      .executeTakeFirstOrThrow();
    if (Number(counted.n) >= o.limit) throw new AppError('RULE_CAP_REACHED');
    await gap();
    const resident = await trx
      .selectFrom('residents')
      .select(['id', 'community_id'])
      .where('id', '=', o.residentId)
      .executeTakeFirstOrThrow();
    return repo.appendLedgerEntry(trx, {
      residentId: resident.id,
      communityId: resident.community_id,
      delta: 10,
      kind: 'award',
      ruleId: o.ruleId,
      ruleRevisionId: null,
      refType: 'naive',
      refId: day,
      reason: 'naive',
      actorUserId: o.actor.userId,
      onBehalfResidentId: resident.id,
      idempotencyKey: `naive:${randomUUID()}`,
      createdAt: deps.clock.now().toISOString(),
    });
  });
}

/** Idempotency by look-then-do: looks for the key, does the work, and records the key afterwards. */
export async function naiveIdempotentAward(
  deps: AppDeps,
  o: { actor: Actor; residentId: number; ruleId: number; key: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const seen = await trx
      .selectFrom('idempotency_keys')
      .select('response')
      .where('actor_user_id', '=', o.actor.userId)
      .where('key', '=', o.key)
      .executeTakeFirst();
    if (seen?.response) return { status: 201, body: JSON.parse(seen.response) };
    await gap();
    const body = {
      entry: await awardByRule(trx, deps, { actor: o.actor, residentId: o.residentId, ruleId: o.ruleId }),
    };
    await trx
      .insertInto('idempotency_keys')
      .values({
        actor_user_id: o.actor.userId,
        key: o.key,
        request_hash: 'naive',
        status_code: 201,
        response: JSON.stringify(body),
        created_at: deps.clock.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['actor_user_id', 'key']).doNothing())
      .execute();
    return { status: 201, body };
  });
}

/** Spending by read-modify-write: reads the balance, checks it, then writes the computed value back. */
export async function naiveSpend(deps: AppDeps, o: { residentId: number; amount: number }) {
  return deps.db.transaction().execute(async (trx) => {
    const balance = await repo.findBalance(trx, o.residentId);
    if (balance < o.amount) throw new AppError('INSUFFICIENT_POINTS');
    await gap();
    const head = await trx
      .updateTable('points_balances')
      .set((eb) => ({ balance: balance - o.amount, entry_count: eb('entry_count', '+', 1) }))
      .where('resident_id', '=', o.residentId)
      .returning(['entry_count', 'last_hash'])
      .executeTakeFirstOrThrow();
    const resident = await trx
      .selectFrom('residents')
      .select('community_id')
      .where('id', '=', o.residentId)
      .executeTakeFirstOrThrow();
    const fields = {
      residentId: o.residentId,
      seq: head.entry_count,
      delta: -o.amount,
      kind: 'redemption',
      ruleId: null,
      refType: 'naive',
      refId: null,
      actorUserId: null,
      idempotencyKey: `naive-spend:${randomUUID()}`,
      createdAt: deps.clock.now().toISOString(),
    };
    const hash = repo.entryHash(head.last_hash, fields);
    await trx
      .insertInto('points_ledger')
      .values({
        resident_id: o.residentId,
        community_id: resident.community_id,
        seq: fields.seq,
        delta: fields.delta,
        kind: 'redemption',
        rule_id: null,
        rule_revision_id: null,
        ref_type: 'naive',
        ref_id: null,
        reason: 'naive',
        actor_user_id: null,
        on_behalf_resident_id: o.residentId,
        idempotency_key: fields.idempotencyKey,
        balance_after: balance - o.amount,
        prev_hash: head.last_hash,
        hash,
        created_at: fields.createdAt,
      })
      .execute();
    await trx.updateTable('points_balances').set({ last_hash: hash }).where('resident_id', '=', o.residentId).execute();
  });
}
