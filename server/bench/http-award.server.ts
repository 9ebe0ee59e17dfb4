/**
 * The server side of the HTTP bench, run as a child process (forked by http-award.bench.ts).
 *
 * Why a separate process: autocannon in the same process would share the one JavaScript thread
 * with the server, so every request would also pay for generating and parsing its own load. With
 * the server here and the load generator in the parent, each gets a core of its own (the bench
 * machine has two), and the bare route and the award route are served under the same conditions.
 *
 * Two servers in this process, on loopback ports of their own: the real app (buildApp over a fresh
 * SQLite file) and a bare Fastify with buildApp's options and one validated route. Only one is
 * under load at a time. Messages from the parent: `verify` (check the ledger and the shop) and `stop`.
 *
 * The database also gets what the counter-redemption bench spends: every resident a grant of
 * points (awards of an uncapped 1000-point rule) and a shelf of items stocked by donations, all
 * through the use cases, before the server starts listening; and the flash crowd (flash-crowd.server.ts):
 * BENCH_FLASH_RESIDENTS residents with their logins, and on the bare instance a second route
 * validating the booking's body. Further messages: `flash-prepare` (a fresh service and its open
 * session for a round) and `flash-verify` (that session after the burst).
 */
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZBookingCreate, ZPointsAward } from '@zhongli/domain';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { openDurableLimit, type DurableLimit } from './durable-write.bench.js';
import { checkLedgerIntegrity } from '../src/modules/points/points.integrity.js';
import {
  prepareFlashSession,
  seedFlashCrowd,
  sessionCookieHeader,
  verifyFlashSession,
  type FlashCrowdLogins,
} from './flash-crowd.server.js';
import {
  BENCH_PASSWORD,
  BENCH_STAFF_PHONE,
  grantPoints,
  makeTempDir,
  openBenchDatabase,
  removeTempDir,
  seedPoints,
  seedShop,
} from './support.js';

export interface ServerReady {
  type: 'ready';
  appUrl: string;
  bareUrl: string;
  phone: string;
  password: string;
  ruleId: number;
  residentIds: number[];
  itemIds: number[];
  /** What the seed put in: grant awards (`grants` per resident) and units on the shelf. */
  seeded: { grantAwards: number; grantPointsPerResident: number; items: number; units: number; seconds: number };
  /** The flash crowd's residents and their session cookies. */
  flash: FlashCrowdLogins;
}

export interface ServerVerified {
  type: 'verified';
  /** Every ledger entry: the bench's awards, the seed's grants and the redemptions' spends. */
  entries: number;
  /** Ledger entries of the award bench's rule (the probe, warm-ups and measured runs). */
  awardEntries: number;
  /** Ledger entries of kind award, whatever the rule, and `points.award` audit entries: one each per award. */
  allAwardEntries: number;
  auditEntries: number;
  residentsWithEntries: number;
  balanceMismatches: number;
  integrityOk: boolean;
  shop: {
    redemptions: number;
    /** Redemptions whose ledger entry is missing, or whose spend differs from what the entry took off. */
    redemptionLedgerMismatches: number;
    redemptionAuditEntries: number;
    lines: number;
    unitsRedeemed: number;
    /** Items where initial stock − current stock ≠ units on redemption lines, or stock < 0. */
    stockMismatches: number;
    /** Items where units traced to their lots ≠ units on redemption lines, or donated − remaining ≠ redeemed. */
    lotMismatches: number;
    minStockLeft: number;
  };
}

/**
 * A bare Fastify created the way buildApp creates its instance (same bodyLimit and trustProxy,
 * logger off, the same zod compilers), with one route validating the award's own body schema.
 * No plugins, hooks, session or database: the floor any API route stands on. A second route,
 * `/bare/bookings`, validates the booking's body instead: the flash crowd's floor.
 */
async function buildBare(durable: DurableLimit): Promise<FastifyInstance> {
  const bare = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  bare.setValidatorCompiler(validatorCompiler);
  bare.setSerializerCompiler(serializerCompiler);
  bare.post('/bare', { schema: { body: ZPointsAward } }, async (_request, reply) =>
    reply.status(201).send({ ok: true }),
  );
  bare.post('/bare/bookings', { schema: { body: ZBookingCreate } }, async (_request, reply) =>
    reply.status(201).send({ ok: true }),
  );
  durable.register(bare);
  return bare;
}

/** Each resident gets GRANTS × GRANT_POINTS points to spend (1000, the rule maximum, per award). */
const GRANT_POINTS = 1000;

async function main() {
  const residents = Number(process.env.BENCH_RESIDENTS ?? 1000);
  const grants = Number(process.env.BENCH_SHOP_GRANTS ?? 1);
  const shopItems = Number(process.env.BENCH_SHOP_ITEMS ?? 200);
  const stockPerItem = Number(process.env.BENCH_SHOP_STOCK ?? 600);
  const flashResidents = Number(process.env.BENCH_FLASH_RESIDENTS ?? 2000);
  const dir = makeTempDir('http');
  const { handle, deps } = await openBenchDatabase(path.join(dir, 'zhongli.sqlite'));
  const seedStarted = performance.now();
  const fixture = await seedPoints(deps, { residents, grantPoints: GRANT_POINTS });
  const grantAwards = await grantPoints(deps, fixture, grants);
  const shop = await seedShop(deps, fixture, { items: shopItems, stockPerItem });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const flash = await seedFlashCrowd(deps, fixture.communityId, fixture.staff.userId, flashResidents);
  const app = await buildApp(deps);
  const durable = await openDurableLimit(dir, residents);
  const bare = await buildBare(durable);
  const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([app.close(), bare.close()]);
    await handle.close();
    durable.close();
    removeTempDir(dir);
    process.exit(0);
  };

  process.on('message', async (message: { type: string; round?: number; capacity?: number; sessionId?: number }) => {
    if (message.type === 'stop') return stop();
    if (message.type === 'flash-prepare') {
      return process.send!(
        await prepareFlashSession(deps, fixture.staff, fixture.communityId, message.round!, message.capacity!),
      );
    }
    if (message.type === 'durable-verify')
      return process.send!({ type: 'durable-verified', ...(await durable.verify()) });
    if (message.type === 'flash-verify') return process.send!(await verifyFlashSession(deps, message.sessionId!));
    if (message.type === 'verify') {
      const { rows } = await sql<{ bad: number }>`
        select count(*) as bad
        from points_balances b
        left join (select resident_id, sum(delta) as s, count(*) as c from points_ledger group by resident_id) l on l.resident_id = b.resident_id
        where b.balance <> coalesce(l.s, 0) or b.entry_count <> coalesce(l.c, 0)`.execute(deps.db);
      const integrity = await checkLedgerIntegrity(deps.db, new Date());
      const count = async (action: string) =>
        Number(
          (
            await deps.db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('action', '=', action)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const awards = await deps.db
        .selectFrom('points_ledger')
        .select((eb) => [
          eb.fn.countAll<number>().as('all'),
          eb.fn.sum<number>(eb.case().when('rule_id', '=', fixture.ruleId).then(1).else(0).end()).as('bench'),
        ])
        .where('kind', '=', 'award')
        .executeTakeFirstOrThrow();
      const reply: ServerVerified = {
        type: 'verified',
        entries: integrity.entries,
        awardEntries: Number(awards.bench ?? 0),
        allAwardEntries: Number(awards.all),
        auditEntries: await count('points.award'),
        residentsWithEntries: integrity.residents,
        balanceMismatches: Number(rows[0]?.bad ?? -1),
        integrityOk: integrity.ok,
        shop: { ...(await verifyShop(shop.initialStock)), redemptionAuditEntries: await count('shop.redeem') },
      };
      process.send!(reply);
    }
  });
  // The parent went away (crash, Ctrl-C): do not linger holding ports and temp files.
  process.on('disconnect', () => void stop());

  /**
   * The shop after the redemption bench: for every item, initial stock − current stock = units on
   * its redemption lines = units traced to its lots, and stock never below zero; every
   * redemption has its ledger entry, which took off exactly the points the redemption spent.
   */
  async function verifyShop(
    initialStock: Record<number, number>,
  ): Promise<Omit<ServerVerified['shop'], 'redemptionAuditEntries'>> {
    const items = await deps.db
      .selectFrom('shop_items')
      .select(['id', 'stock'])
      .where('community_id', '=', fixture.communityId)
      .execute();
    const redeemed = new Map(
      (
        await deps.db
          .selectFrom('shop_redemption_lines')
          .select((eb) => ['item_id', eb.fn.sum<number>('quantity').as('units'), eb.fn.countAll<number>().as('lines')])
          .groupBy('item_id')
          .execute()
      ).map((r) => [r.item_id, { units: Number(r.units), lines: Number(r.lines) }]),
    );
    const traced = new Map(
      (
        await deps.db
          .selectFrom('shop_redemption_lots')
          .innerJoin('shop_redemption_lines', 'shop_redemption_lines.id', 'shop_redemption_lots.line_id')
          .select((eb) => [
            'shop_redemption_lines.item_id as item_id',
            eb.fn.sum<number>('shop_redemption_lots.quantity').as('units'),
          ])
          .groupBy('shop_redemption_lines.item_id')
          .execute()
      ).map((r) => [r.item_id, Number(r.units)]),
    );
    const lots = new Map(
      (
        await deps.db
          .selectFrom('shop_donations')
          .select((eb) => ['item_id', eb.fn.sum<number>(sql<number>`quantity - remaining`).as('taken')])
          .groupBy('item_id')
          .execute()
      ).map((r) => [r.item_id, Number(r.taken)]),
    );
    let stockMismatches = 0;
    let lotMismatches = 0;
    let unitsRedeemed = 0;
    let lines = 0;
    let minStockLeft = Infinity;
    for (const item of items) {
      const units = redeemed.get(item.id)?.units ?? 0;
      unitsRedeemed += units;
      lines += redeemed.get(item.id)?.lines ?? 0;
      minStockLeft = Math.min(minStockLeft, item.stock);
      if (initialStock[item.id] === undefined || initialStock[item.id]! - item.stock !== units || item.stock < 0)
        stockMismatches++;
      if ((traced.get(item.id) ?? 0) !== units || (lots.get(item.id) ?? 0) !== units) lotMismatches++;
    }
    // Lines of items outside the seeded shelf would be missed above: there must be none.
    if ([...redeemed.keys()].some((id) => !items.some((i) => i.id === id))) stockMismatches++;
    const redemptions = await deps.db
      .selectFrom('shop_redemptions')
      .leftJoin('points_ledger', 'points_ledger.id', 'shop_redemptions.ledger_entry_id')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(
                eb.or([
                  eb('points_ledger.id', 'is', null),
                  eb('points_ledger.delta', '<>', eb.neg(eb.ref('shop_redemptions.points_spent'))),
                  eb('points_ledger.kind', '<>', 'redemption'),
                ]),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as('bad'),
      ])
      .executeTakeFirstOrThrow();
    return {
      redemptions: Number(redemptions.n),
      redemptionLedgerMismatches: Number(redemptions.bad ?? 0),
      lines,
      unitsRedeemed,
      stockMismatches,
      lotMismatches,
      minStockLeft: Number.isFinite(minStockLeft) ? minStockLeft : 0,
    };
  }

  const ready: ServerReady = {
    type: 'ready',
    appUrl,
    bareUrl,
    phone: BENCH_STAFF_PHONE,
    password: BENCH_PASSWORD,
    ruleId: fixture.ruleId,
    residentIds: fixture.residentIds,
    itemIds: shop.itemIds,
    seeded: {
      grantAwards,
      grantPointsPerResident: grants * GRANT_POINTS,
      items: shop.itemIds.length,
      units: Object.values(shop.initialStock).reduce((a, b) => a + b, 0),
      seconds: seedSeconds,
    },
    flash: {
      ...flash.seed,
      cookies: flash.tokens.map((token) => sessionCookieHeader(app, token)),
      probeCookie: sessionCookieHeader(app, flash.probeToken),
    },
  };
  process.send!(ready);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
