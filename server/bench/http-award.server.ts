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
 * under load at a time. Messages from the parent: `verify` (check the ledger) and `stop`.
 */
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZPointsAward } from '@zhongli/domain';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { checkLedgerIntegrity } from '../src/modules/points/points.integrity.js';
import { BENCH_PASSWORD, BENCH_STAFF_PHONE, makeTempDir, openBenchDatabase, removeTempDir, seedPoints } from './support.js';

export interface ServerReady {
  type: 'ready';
  appUrl: string;
  bareUrl: string;
  phone: string;
  password: string;
  ruleId: number;
  residentIds: number[];
}

export interface ServerVerified {
  type: 'verified';
  entries: number;
  auditEntries: number;
  residentsWithEntries: number;
  balanceMismatches: number;
  integrityOk: boolean;
}

/**
 * A bare Fastify created the way buildApp creates its instance (same bodyLimit and trustProxy,
 * logger off, the same zod compilers), with one route validating the award's own body schema.
 * No plugins, hooks, session or database: the floor any API route stands on.
 */
async function buildBare(): Promise<FastifyInstance> {
  const bare = Fastify({ logger: false, bodyLimit: 1024 * 1024, trustProxy: false }).withTypeProvider<ZodTypeProvider>();
  bare.setValidatorCompiler(validatorCompiler);
  bare.setSerializerCompiler(serializerCompiler);
  bare.post('/bare', { schema: { body: ZPointsAward } }, async (_request, reply) => reply.status(201).send({ ok: true }));
  return bare;
}

async function main() {
  const residents = Number(process.env.BENCH_RESIDENTS ?? 1000);
  const dir = makeTempDir('http');
  const { handle, deps } = await openBenchDatabase(path.join(dir, 'zhongli.sqlite'));
  const fixture = await seedPoints(deps, { residents });
  const app = await buildApp(deps);
  const bare = await buildBare();
  const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([app.close(), bare.close()]);
    await handle.close();
    removeTempDir(dir);
    process.exit(0);
  };

  process.on('message', async (message: { type: string }) => {
    if (message.type === 'stop') return stop();
    if (message.type === 'verify') {
      const { rows } = await sql<{ bad: number }>`
        select count(*) as bad
        from points_balances b
        left join (select resident_id, sum(delta) as s, count(*) as c from points_ledger group by resident_id) l on l.resident_id = b.resident_id
        where b.balance <> coalesce(l.s, 0) or b.entry_count <> coalesce(l.c, 0)`.execute(deps.db);
      const integrity = await checkLedgerIntegrity(deps.db, new Date());
      const audit = await deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'points.award').executeTakeFirstOrThrow();
      const reply: ServerVerified = {
        type: 'verified',
        entries: integrity.entries,
        auditEntries: Number(audit.n),
        residentsWithEntries: integrity.residents,
        balanceMismatches: Number(rows[0]?.bad ?? -1),
        integrityOk: integrity.ok,
      };
      process.send!(reply);
    }
  });
  // The parent went away (crash, Ctrl-C): do not linger holding ports and temp files.
  process.on('disconnect', () => void stop());

  const ready: ServerReady = { type: 'ready', appUrl, bareUrl, phone: BENCH_STAFF_PHONE, password: BENCH_PASSWORD, ruleId: fixture.ruleId, residentIds: fixture.residentIds };
  process.send!(ready);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
