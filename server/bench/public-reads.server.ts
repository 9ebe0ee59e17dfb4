/**
 * The server side of the public-reads bench (public-reads.bench.ts), a child process so the load
 * generator gets the other core. One SQLite file with the demo county (seedDemoCounty: this week's
 * menu, 社区益家, three months of awards, the results wall, service sessions with bookings), and
 * three servers over it on loopback: the app with the public cache (`cached`), the same app with it
 * off (`uncached`: the "before", PUBLIC_CACHE=0), and a bare Fastify with buildApp's options and
 * one GET route answering a small JSON (the floor). Message from the parent: `stop`.
 */
import path from 'node:path';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { weekOfInstant } from '@zhongli/domain';
import { buildApp } from '../src/app.js';
import { seedDemoCounty } from '../src/demo/seed.js';
import { makeTempDir, openBenchDatabase, removeTempDir } from './support.js';
import type { PublicRead } from './public-reads.bench.js';

export interface PublicReadsReady {
  type: 'ready';
  cachedUrl: string;
  uncachedUrl: string;
  bareUrl: string;
  /** The five public reads, as paths on the demo county. */
  paths: Record<PublicRead, string>;
  seedSeconds: number;
}

async function main() {
  const dir = makeTempDir('public');
  const { handle, deps } = await openBenchDatabase(path.join(dir, 'zhongli.sqlite'));
  const started = performance.now();
  await seedDemoCounty(deps);
  const seedSeconds = (performance.now() - started) / 1000;

  const week = weekOfInstant(new Date());
  const shop = await deps.db
    .selectFrom('shop_items')
    .select('community_id')
    .groupBy('community_id')
    .orderBy(sql`count(*)`, 'desc')
    .executeTakeFirstOrThrow();
  const honour = await deps.db
    .selectFrom('points_ledger')
    .select('community_id')
    .groupBy('community_id')
    .orderBy(sql`count(*)`, 'desc')
    .executeTakeFirstOrThrow();
  const session = await deps.db
    .selectFrom('bookings')
    .select('session_id')
    .groupBy('session_id')
    .orderBy(sql`count(*)`, 'desc')
    .executeTakeFirstOrThrow();
  const paths: Record<PublicRead, string> = {
    menu: `/api/public/menus/${week}`,
    shop: `/api/public/shop/items?communityId=${shop.community_id}`,
    honour: `/api/public/leaderboard?communityId=${honour.community_id}`,
    results: '/api/public/results',
    display: `/api/public/service-sessions/${session.session_id}/display`,
  };

  const cached = await buildApp(deps, { publicCache: true });
  const uncached = await buildApp(deps, { publicCache: false });
  const bare = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  bare.setValidatorCompiler(validatorCompiler);
  bare.setSerializerCompiler(serializerCompiler);
  bare.get(
    '/bare',
    {
      schema: {
        querystring: z.object({ communityId: z.string().optional() }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async () => ({ ok: true }),
  );
  const ready: PublicReadsReady = {
    type: 'ready',
    cachedUrl: await cached.listen({ host: '127.0.0.1', port: 0 }),
    uncachedUrl: await uncached.listen({ host: '127.0.0.1', port: 0 }),
    bareUrl: await bare.listen({ host: '127.0.0.1', port: 0 }),
    paths,
    seedSeconds,
  };
  process.on('message', async (message: { type: string }) => {
    if (message.type !== 'stop') return;
    await Promise.allSettled([cached.close(), uncached.close(), bare.close()]);
    await handle.close();
    removeTempDir(dir);
    process.exit(0);
  });
  process.send!(ready);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
