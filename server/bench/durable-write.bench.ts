/**
 * The durable-write limit (issue 15, part 5): a bare Fastify route that does an award's ledger
 * append with raw better-sqlite3 prepared statements (prepared once) in one BEGIN IMMEDIATE …
 * COMMIT with synchronous=FULL — the same four statements `appendLedgerEntry` issues, the same
 * hash chain, one WAL sync per request. No session, no rule lookup, no audit: the floor a durable
 * award stands on with SQLite on this disk. Award and redemption are reported as a share of it.
 *
 * It writes to its own SQLite file (migrated and seeded like the app's), so the app's ledger and
 * audit checks after the bench are not mixed with its entries; its own ledger is verified the same
 * way (balance = sum of entries, hash chains intact).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZPointsAward } from '@zhongli/domain';
import { applyProductionPragmas, rawLedgerAppend, verifyLedgerFile } from './ledger-append.bench.js';
import { openBenchDatabase, seedPoints } from './support.js';

export const DURABLE_PATH = '/bare/durable';

export interface DurableLimit {
  /** Adds the route to the bare instance. */
  register(bare: FastifyInstance): void;
  /** Appends answered 201 so far and the file's ledger checked; throws when the ledger is broken. */
  verify(): Promise<{ appends: number; entries: number }>;
  close(): void;
}

export async function openDurableLimit(dir: string, residents: number): Promise<DurableLimit> {
  const file = path.join(dir, 'durable-limit.sqlite');
  const { handle, deps } = await openBenchDatabase(file);
  const fixture = await seedPoints(deps, { residents });
  await handle.close();
  const db = new BetterSqlite3(file);
  applyProductionPragmas(db, 'FULL');
  if (db.pragma('synchronous', { simple: true }) !== 2) throw new Error('durable limit: synchronous is not FULL');
  const append = rawLedgerAppend(db);
  let appends = 0;
  return {
    register(bare) {
      bare
        .withTypeProvider<ZodTypeProvider>()
        .post(DURABLE_PATH, { schema: { body: ZPointsAward } }, async (request, reply) => {
          // The app's resident ids, mapped onto this file's residents by position.
          const residentId = fixture.residentIds[request.body.residentId % fixture.residentIds.length]!;
          const done = append.immediate({
            residentId,
            communityId: fixture.communityId,
            delta: fixture.rulePoints,
            kind: 'award',
            ruleId: fixture.ruleId,
            ruleRevisionId: fixture.ruleRevisionId,
            refType: null,
            refId: null,
            reason: '参加志愿服务',
            actorUserId: fixture.staff.userId,
            onBehalfResidentId: residentId,
            idempotencyKey: `award:${randomUUID()}`,
            createdAt: new Date().toISOString(),
          });
          if (!done) throw new Error('durable limit: an award append was refused');
          appends++;
          return reply.status(201).send({ ok: true });
        });
    },
    async verify() {
      const { entries } = await verifyLedgerFile(file, undefined, undefined);
      if (entries < appends) throw new Error(`durable limit: ${entries} entries for ${appends} appends answered 201`);
      return { appends, entries };
    },
    close() {
      if (db.open) db.close();
    },
  };
}

/** min / median / max of one figure over the rounds, as printed. */
export function spread(values: number[], digits: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const f = (v: number) => v.toFixed(digits);
  return `${f(sorted[0]!)} / ${f(median)} / ${f(sorted[sorted.length - 1]!)}`;
}

/**
 * The write path's figures over all rounds, min / median / max: the durable-write limit and what
 * award, redemption and the Kysely ledger append keep of theirs.
 */
export function writePathSummary(
  http: {
    bare: { requestsPerSecond: number };
    durable: { requestsPerSecond: number };
    award: { requestsPerSecond: number };
    redemption: { requestsPerSecond: number };
    toDurable: { award: number; redemption: number };
  }[],
  ledger: { full: { ratio: number; raw: { appendsPerSecond: number }; kysely: { appendsPerSecond: number } } }[],
): string[][] {
  const rows: string[][] = [];
  if (http.length) {
    rows.push([
      'durable-write limit, req/s',
      spread(
        http.map((r) => r.durable.requestsPerSecond),
        0,
      ),
    ]);
    rows.push([
      'durable-write limit ÷ bare route',
      spread(
        http.map((r) => r.durable.requestsPerSecond / r.bare.requestsPerSecond),
        3,
      ),
    ]);
    rows.push([
      'award, req/s',
      spread(
        http.map((r) => r.award.requestsPerSecond),
        0,
      ),
    ]);
    rows.push([
      'award ÷ durable-write limit',
      spread(
        http.map((r) => r.toDurable.award),
        3,
      ),
    ]);
    rows.push([
      'redemption, req/s',
      spread(
        http.map((r) => r.redemption.requestsPerSecond),
        0,
      ),
    ]);
    rows.push([
      'redemption ÷ durable-write limit',
      spread(
        http.map((r) => r.toDurable.redemption),
        3,
      ),
    ]);
  }
  if (ledger.length) {
    rows.push([
      'ledger append raw, appends/s (FULL)',
      spread(
        ledger.map((r) => r.full.raw.appendsPerSecond),
        0,
      ),
    ]);
    rows.push([
      'ledger append Kysely ÷ raw (FULL)',
      spread(
        ledger.map((r) => r.full.ratio),
        3,
      ),
    ]);
  }
  return rows;
}
