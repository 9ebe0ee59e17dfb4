import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, zString } from '@zhongli/domain';
import type { AppDeps, Trx } from './deps.js';
import { actorOf } from './guards.js';

/** Keys are kept at least this long (the contract says 24 h); the hourly sweep removes older ones. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 60 * 60 * 1000;
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** The Idempotency-Key header of a request, checked for shape. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !KEY_PATTERN.test(key)) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'Idempotency-Key', message: '请求编号应为8–128位字母、数字或 _ . : -' }],
    });
  }
  return key;
}

/** What makes two requests "the same": method, route and the validated body. */
export function requestFingerprint(request: FastifyRequest): string {
  const route = request.routeOptions.url ?? request.url;
  return createHash('sha256')
    .update(
      `${request.method} ${route} ${JSON.stringify(request.params ?? {})}\n${JSON.stringify(request.body ?? null)}`,
    )
    .digest('hex');
}

/**
 * Runs `work` in one transaction, at most once per (actor, key). The key is claimed inside the
 * same transaction as the effect, so either both commit or neither does:
 * - same key, same request → the first response is replayed, nothing happens again;
 * - same key, another request → 409 IDEMPOTENCY_KEY_REUSED;
 * - a request that fails (validation, a 409) rolls back and leaves the key unused.
 * On PostgreSQL a concurrent duplicate waits on the key's primary key until the first commits,
 * then replays it; on SQLite write transactions are serialised by BEGIN IMMEDIATE.
 */
export async function runIdempotent<T>(
  deps: AppDeps,
  request: { actorUserId: number; key: string | undefined; fingerprint: string },
  work: (trx: Trx) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  return deps.db.transaction().execute(async (trx) => {
    if (!request.key) return { ...(await work(trx)), replayed: false };
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({
        actor_user_id: request.actorUserId,
        key: request.key,
        request_hash: request.fingerprint,
        created_at: deps.clock.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['actor_user_id', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
      const previous = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response'])
        .where('actor_user_id', '=', request.actorUserId)
        .where('key', '=', request.key)
        .executeTakeFirstOrThrow();
      if (previous.request_hash !== request.fingerprint || previous.status_code == null || previous.response == null) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED');
      }
      return { status: previous.status_code, body: JSON.parse(previous.response) as T, replayed: true };
    }
    const result = await work(trx);
    await trx
      .updateTable('idempotency_keys')
      .set({ status_code: result.status, response: JSON.stringify(result.body) })
      .where('actor_user_id', '=', request.actorUserId)
      .where('key', '=', request.key)
      .execute();
    return { ...result, replayed: false };
  });
}

export async function deleteExpiredIdempotencyKeys(deps: AppDeps): Promise<void> {
  const cutoff = new Date(deps.clock.now().getTime() - IDEMPOTENCY_RETENTION_MS).toISOString();
  await deps.db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
}

/**
 * The route side of idempotency: runs a use case at most once per (signed-in actor,
 * Idempotency-Key) and answers with its response — the stored one on a replay, marked with the
 * `idempotent-replayed` header.
 */
export async function respondOnce<T>(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: (trx: Trx) => Promise<T>,
) {
  const result = await runIdempotent(
    deps,
    { actorUserId: actorOf(request).userId, key: idempotencyKeyOf(request), fingerprint: requestFingerprint(request) },
    async (trx) => ({ status, body: await work(trx) }),
  );
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(result.status).send(result.body);
}

/**
 * `respondOnce` for a use case that decides before its transaction: `prepare` reads and throws its
 * refusals outside the write lock, and `work` writes from what it prepared. A refusal is answered
 * at once, without a transaction — unless the request carries an Idempotency-Key this actor has
 * already used: then it goes through `runIdempotent` as any request, which replays the first
 * response (or answers IDEMPOTENCY_KEY_REUSED). The key is looked up after `prepare`, and the
 * first request's effect and its key commit together, so a refusal caused by that effect (already
 * booked, the place it took) always finds the key; a retry is never told "no" for what it did itself.
 */
export async function respondOnceAfterPreparing<P, T>(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  prepare: () => Promise<P>,
  work: (trx: Trx, prepared: P) => Promise<T>,
) {
  const actorUserId = actorOf(request).userId;
  const key = idempotencyKeyOf(request);
  let prepared: { ok: true; value: P } | { ok: false; refusal: unknown };
  try {
    prepared = { ok: true, value: await prepare() };
  } catch (refusal) {
    if (!key || !(await keyUsed(deps, actorUserId, key))) throw refusal;
    prepared = { ok: false, refusal };
  }
  const result = await runIdempotent(
    deps,
    { actorUserId, key, fingerprint: requestFingerprint(request) },
    async (trx) => {
      // Only if the used key vanished in between (the 48-hour sweep): the refusal stands.
      if (!prepared.ok) throw prepared.refusal;
      return { status, body: await work(trx, prepared.value) };
    },
  );
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.status(result.status).send(result.body);
}

async function keyUsed(deps: AppDeps, actorUserId: number, key: string) {
  const row = await deps.db
    .selectFrom('idempotency_keys')
    .select('key')
    .where('actor_user_id', '=', actorUserId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

/** The header schema of routes that accept an Idempotency-Key (documented in the OpenAPI output). */
export const ZIdempotencyHeaders = z.object({ 'idempotency-key': zString('请求编号').optional() }).passthrough();
