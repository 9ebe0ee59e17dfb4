import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type CompiledQuery } from 'kysely';
import type { Db } from '../src/platform/deps.js';
import { myRegistrations } from '../src/modules/activities/activities.repository.js';
import { listAuditEntries } from '../src/modules/audit/audit.repository.js';
import { ratingTotals, supportedActivities } from '../src/modules/merchants/partners.repository.js';
import { leaderboard } from '../src/modules/points/points.repository.js';
import { listResults } from '../src/modules/publicity/publicity.repository.js';
import { searchResidents, updateResident } from '../src/modules/residents/residents.repository.js';
import { createTestApp, type TestApp } from './support/app.js';
import { buildCommunity, buildResident } from './support/factories.js';
import { compiledOf, scannedBigTables } from './support/query-plans.js';

/**
 * The hot queries of issue 15 (a county of 400,000 residents; figures in the README's county section)
 * read what they need through an index — no plan reads a table that grows with the county whole, on
 * SQLite (EXPLAIN QUERY PLAN: a `SCAN` fails) or PostgreSQL (EXPLAIN with sequential scans priced out:
 * a `Seq Scan`, or an index scan that does not constrain the index's first column, fails). The
 * controls drop an index in a rolled-back transaction, or send the old query shape, and expect the
 * check to name the scan — proof that it can fail.
 */
const BIG_TABLES = [
  'activities',
  'activity_results',
  'checkins',
  'registrations',
  'residents',
  'users',
  'points_ledger',
  'merchant_contributions',
  'audit_log',
];

let t: TestApp;
let communityId: number;
const page = { page: 1, pageSize: 20 };
const scanned = (db: Db, query: CompiledQuery) => scannedBigTables(db, query, BIG_TABLES);

const HOT: [name: string, run: (db: Db) => Promise<unknown>][] = [
  ['my activities', (db) => myRegistrations(db, 1)],
  [
    'resident search: digits (member-code prefix or phone suffix), county',
    (db) => searchResidents(db, { communityIds: 'all', q: '138001', ...page }),
  ],
  [
    'resident search: last 4 of a phone, one community',
    (db) => searchResidents(db, { communityIds: [communityId], communityId, q: '1234', ...page }),
  ],
  [
    'resident search: name (two characters), county',
    (db) => searchResidents(db, { communityIds: 'all', q: '秀英', ...page }),
  ],
  [
    'resident search: name (one character), county',
    (db) => searchResidents(db, { communityIds: 'all', q: '秀', ...page }),
  ],
  ['resident search: full name, county', (db) => searchResidents(db, { communityIds: 'all', q: '王秀英', ...page })],
  [
    'resident search: name, one community',
    (db) => searchResidents(db, { communityIds: [communityId], communityId, q: '秀英', ...page }),
  ],
  ['results wall, county', (db) => listResults(db, { offset: 0, limit: 20 })],
  ['results wall, one community', (db) => listResults(db, { communityId, offset: 0, limit: 20 })],
  ['audit log, a page by cursor', (db) => listAuditEntries(db, { ...page, before: 40_000 })],
  [
    'honour roll, one community',
    (db) =>
      leaderboard(db, { communityId, from: '2026-01-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', limit: 20 }),
  ],
  [
    'merchant ratings, every merchant',
    (db) => ratingTotals(db, 'all', { from: '2025-12-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }),
  ],
  [
    "merchant ratings, one community's merchants",
    (db) => ratingTotals(db, [1, 2, 3], { from: '2025-12-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }),
  ],
  ["merchant wall: each merchant's latest activities", (db) => supportedActivities(db, [1, 2, 3], 10)],
];

beforeAll(async () => {
  t = await createTestApp();
  communityId = (await buildCommunity(t.deps)).id;
});

afterAll(async () => {
  await t?.close();
});

/** What the plan of `run`'s statements scans after `change` (DDL), undone by a rollback. */
async function scannedWithout(change: (trx: Db) => Promise<unknown>, run: (db: Db) => Promise<unknown>) {
  const compiled = await compiledOf(t.db, run);
  const rollback = new Error('rollback');
  return t.db
    .transaction()
    .execute(async (trx) => {
      await change(trx);
      const found = (await Promise.all(compiled.map((c) => scanned(trx, c)))).flat();
      throw Object.assign(rollback, { found });
    })
    .catch((error: Error & { found?: string[] }) => {
      if (error !== rollback) throw error;
      return error.found;
    });
}

describe('the hot county queries read through an index', () => {
  it.each(HOT)('%s', async (_name, run) => {
    const compiled = await compiledOf(t.db, run);
    expect(compiled.length).toBeGreaterThan(0);
    for (const c of compiled) expect({ sql: c.sql, scanned: await scanned(t.db, c) }).toMatchObject({ scanned: [] });
  });

  it('control: without registrations_resident, my activities scans registrations', async () => {
    const found = await scannedWithout(
      (trx) => trx.schema.dropIndex('registrations_resident').execute(),
      (db) => myRegistrations(db, 1),
    );
    expect(found).toContain('registrations');
  });

  it('control: without users_phone_last4, the digits search scans users', async () => {
    const found = await scannedWithout(
      (trx) => trx.schema.dropIndex('users_phone_last4').execute(),
      (db) => searchResidents(db, { communityIds: 'all', q: '138001', ...page }),
    );
    expect(found).toContain('users');
  });

  it('control: the name search as a LIKE alone (the old shape) reads every resident', async () => {
    const compiled = await compiledOf(t.db, (db) =>
      db
        .selectFrom('residents')
        .select('id')
        .where(sql<boolean>`name like ${'%秀英%'}`)
        .orderBy('id', 'desc')
        .limit(21)
        .execute(),
    );
    expect((await Promise.all(compiled.map((c) => scanned(t.db, c)))).flat()).toContain('residents');
  });

  it('control: the audit log by page number (OFFSET, the old shape) reads the log whole', async () => {
    const compiled = await compiledOf(t.db, (db) => listAuditEntries(db, { page: 2000, pageSize: 20 }));
    expect((await Promise.all(compiled.map((c) => scanned(t.db, c)))).flat()).toContain('audit_log');
  });
});

describe('the name search through its grams', () => {
  it('finds a resident by any part of the name, follows a rename, and finds nothing the LIKE refuses', async () => {
    const names = async (q: string) =>
      (await searchResidents(t.db, { communityIds: [communityId], communityId, q, page: 1, pageSize: 50 })).rows.map(
        (r) => r.name,
      );
    const { id } = await buildResident(t.deps, { communityId, name: '欧阳秀英' });
    await buildResident(t.deps, { communityId, name: '王英秀' });
    expect(await names('欧')).toEqual(['欧阳秀英']);
    expect(await names('秀英')).toEqual(['欧阳秀英']);
    expect(await names('阳秀英')).toEqual(['欧阳秀英']);
    expect((await names('英')).sort()).toEqual(['欧阳秀英', '王英秀'].sort());
    // Both have the pairs 秀英 and 英秀 between them, but only the LIKE decides: nobody is 秀英秀.
    expect(await names('秀英秀')).toEqual([]);
    await t.db.transaction().execute((trx) => updateResident(trx, id, { name: '欧阳兰' }));
    expect(await names('秀英')).toEqual([]);
    expect(await names('阳兰')).toEqual(['欧阳兰']);
  });
});
