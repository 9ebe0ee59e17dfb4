import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledQuery } from 'kysely';
import type { Db } from '../src/platform/deps.js';
import { createTestApp, type TestApp } from './support/app.js';
import { buildCommunity } from './support/factories.js';
import { compiledOf, scannedBigTables as scannedOf } from './support/query-plans.js';
import { STATS_QUERIES, statsScopeOf, type StatsScope } from '../src/modules/stats/index.js';

/**
 * Every dashboard and report query reads its period through an index. The tables that grow with the
 * county (hundreds of thousands of residents, millions of ledger entries) must never be scanned whole
 * by a widget; the small ones (communities, services, shop items, merchants, and merchant_ratings —
 * one row per merchant per month, of which the county's stars read one per merchant) may be. SQLite: EXPLAIN
 * QUERY PLAN, which plans from the schema alone. PostgreSQL: EXPLAIN with sequential scans priced out
 * (`enable_seqscan = off`), since on an empty test schema a scan is honestly the cheapest plan — what
 * is checked is that an index able to serve the query exists. The control drops one index inside a
 * rolled-back transaction and expects the check to name the scan.
 */
const BIG_TABLES = [
  'activities',
  'checkins',
  'registrations',
  'residents',
  'needs',
  'activity_needs',
  'points_ledger',
  'shop_donations',
  'service_sessions',
  'bookings',
  'rota_assignments',
  'merchant_contributions',
  'vouchers',
  'merchant_requests',
  'audit_log',
];

let t: TestApp;
let scopes: { label: string; scope: StatsScope }[];
const scannedBigTables = (db: Db, query: CompiledQuery) => scannedOf(db, query, BIG_TABLES);

beforeAll(async () => {
  t = await createTestApp();
  const community = await buildCommunity(t.deps);
  scopes = [
    { label: 'county', scope: statsScopeOf('2026-11-01', '2026-11-30', null) },
    { label: 'community', scope: statsScopeOf('2026-11-01', '2026-11-30', community.id) },
  ];
});

afterAll(async () => {
  await t?.close();
});

describe('every stats query reads its period through an index', () => {
  it.each(STATS_QUERIES.map((q) => [q.name, q] as const))('%s', async (_name, query) => {
    for (const { label, scope } of scopes) {
      const compiled = await compiledOf(t.db, (db) => query.run(db, scope));
      expect(compiled.length).toBeGreaterThan(0);
      for (const c of compiled) {
        expect({ scope: label, scanned: await scannedBigTables(t.db, c) }).toEqual({ scope: label, scanned: [] });
      }
    }
  });

  it('control: without the activities period indexes, the county plan scans activities and the check says so', async () => {
    const query = STATS_QUERIES.find((q) => q.name === 'activitiesByCategory')!;
    const compiled = await compiledOf(t.db, (db) => query.run(db, scopes[0]!.scope));
    const rollback = new Error('rollback');
    const scanned = await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.schema.dropIndex('activities_starts').execute();
        await trx.schema.dropIndex('activities_community_starts').execute();
        // (status, starts_at), the results wall's, serves a period of the listed statuses as well.
        await trx.schema.dropIndex('activities_status_starts').execute();
        const found = await scannedBigTables(trx, compiled[0]!);
        throw Object.assign(rollback, { found });
      })
      .catch((error: Error & { found?: string[] }) => {
        if (error !== rollback) throw error;
        return error.found;
      });
    expect(scanned).toContain('activities');
    // …and the index is back: the rollback undid the drop.
    expect(await scannedBigTables(t.db, compiled[0]!)).toEqual([]);
  });
});
