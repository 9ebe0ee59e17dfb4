import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isValidMemberCode } from '@zhongli/domain';
import { Kysely, SqliteDialect } from 'kysely';
import { seedLargeCounty } from '../src/demo/large.js';
import { openSqlite } from '../src/db/connect.js';
import type { Database } from '../src/db/schema.js';
import { checkLedgerIntegrity } from '../src/modules/points/index.js';
import { leaderboard } from '../src/modules/points/points.repository.js';
import { STATS_QUERIES, statsScopeOf } from '../src/modules/stats/index.js';

/**
 * `npm run seed:large` in a small size: the generator writes through the real migrations, and what
 * it writes is consistent — the ledger passes the integrity check of `npm run points:verify`, every counter equals
 * the rows it counts, foreign keys hold, and the counts are the ones asked for.
 */
const serverDir = path.resolve(import.meta.dirname, '..');
const dir = mkdtempSync(path.join(tmpdir(), 'zhongli-seed-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _url, ...rest } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: serverDir,
    env: { ...rest, ...env },
    encoding: 'utf8',
  });
}

const SIZE = ['--residents', '800', '--communities', '4', '--years', '1', '--seed', '7'];

function seed() {
  const file = path.join(dir, 'a', 'zhongli.sqlite');
  const result = run('scripts/seed-large.ts', ['--file', file, ...SIZE]);
  expect(result.status, result.stderr).toBe(0);
  return { file, stdout: result.stdout };
}

const count = (db: BetterSqlite3.Database, sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;

describe('seed:large (small size)', () => {
  it('writes the residents and communities asked for, a ledger the integrity check accepts, and consistent counters', async () => {
    const { file, stdout } = seed();
    expect(stdout).toMatch(/done in [\d.]+ s/);

    // What `npm run points:verify` runs (points-verify.test.ts covers the command itself).
    const handle = openSqlite(file);
    try {
      const report = await checkLedgerIntegrity(handle.db, new Date());
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.entries).toBeGreaterThan(800);
    } finally {
      await handle.close();
    }

    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(count(db, 'select count(*) from residents')).toBe(800);
      expect(count(db, 'select count(*) from communities')).toBe(4);
      // Every kind of row the dashboard reads is there.
      for (const table of [
        'activities',
        'registrations',
        'checkins',
        'points_ledger',
        'shop_redemptions',
        'shop_donations',
        'vouchers',
        'needs',
        'need_supports',
        'activity_needs',
        'merchant_contributions',
        'merchant_ratings',
        'service_sessions',
        'bookings',
        'rota_assignments',
        'audit_log',
      ])
        expect(count(db, `select count(*) from ${table}`), table).toBeGreaterThan(0);
      // About a year of weekly activities in each community.
      expect(count(db, 'select count(distinct week) from activities')).toBeGreaterThanOrEqual(50);

      // Residents: valid member codes, ID numbers only as digest and mask, unique phones.
      const residents = db.prepare('select member_code, birth_date, id_number_masked from residents').all() as {
        member_code: string;
        birth_date: string;
        id_number_masked: string | null;
      }[];
      expect(residents.filter((r) => !isValidMemberCode(r.member_code))).toEqual([]);
      expect(residents.filter((r) => r.id_number_masked && !/^1408\*{14}$/.test(r.id_number_masked!))).toEqual([]);
      expect(
        count(
          db,
          `select count(*) from (select phone from users union all select contact_phone from residents where contact_phone is not null)`,
        ),
      ).toBe(
        count(
          db,
          `select count(distinct phone) from (select phone from users union all select contact_phone as phone from residents where contact_phone is not null)`,
        ),
      );

      // Counters equal the rows they count.
      expect(
        count(
          db,
          `select count(*) from activities a where registered <> (select count(*) from registrations r where r.activity_id = a.id and r.status = 'registered')`,
        ),
      ).toBe(0);
      expect(
        count(
          db,
          `select count(*) from checkins c join registrations r using (activity_id, resident_id) where r.status <> 'registered'`,
        ),
      ).toBe(0);
      expect(count(db, `select count(*) from checkins where points_entry_id is null`)).toBe(0);
      expect(
        count(
          db,
          `select count(*) from shop_items i where stock <> (select coalesce(sum(remaining), 0) from shop_donations d where d.item_id = i.id)`,
        ),
      ).toBe(0);
      expect(
        count(
          db,
          `select count(*) from shop_donations d where quantity - remaining <> (select coalesce(sum(quantity), 0) from shop_redemption_lots l where l.donation_id = d.id)`,
        ),
      ).toBe(0);
      expect(
        count(
          db,
          `select count(*) from (select item_id, sum(delta) s from stock_movements group by item_id) m join shop_items i on i.id = m.item_id where i.stock <> m.s`,
        ),
      ).toBe(0);
      expect(
        count(
          db,
          `select count(*) from voucher_offers o where claimed <> (select count(*) from vouchers v where v.offer_id = o.id)`,
        ),
      ).toBe(0);
      expect(
        count(
          db,
          `select count(*) from needs n where supports <> (select count(*) from need_supports s where s.need_id = n.id)`,
        ),
      ).toBe(0);
      expect(
        count(
          db,
          `select count(*) from service_sessions s where booked <> (select count(*) from bookings b where b.session_id = s.id and b.state <> 'cancelled')`,
        ),
      ).toBe(0);
      expect(count(db, `select count(*) from bookings where state = 'served'`)).toBeGreaterThan(0);
      expect(count(db, `select count(*) from bookings where state = 'no_show'`)).toBeGreaterThan(0);
      // Nobody takes part before they were registered.
      for (const [table, column] of [
        ['registrations', 'created_at'],
        ['points_ledger', 'created_at'],
        ['bookings', 'created_at'],
        ['need_supports', 'created_at'],
      ])
        expect(
          count(
            db,
            `select count(*) from ${table} t join residents r on r.id = t.resident_id where t.${column} < r.created_at`,
          ),
          table,
        ).toBe(0);
      // What a resident spent is what the ledger charged.
      expect(
        count(
          db,
          `select count(*) from shop_redemptions r join points_ledger l on l.id = r.ledger_entry_id where l.delta <> -r.points_spent`,
        ),
      ).toBe(0);
    } finally {
      db.close();
    }
  }, 60_000);

  it('is deterministic: the same options give the same ledger', async () => {
    const options = { residents: 300, communities: 3, years: 1, seed: 11, now: new Date('2026-12-01T00:00:00Z') };
    const files = [path.join(dir, 'b.sqlite'), path.join(dir, 'c.sqlite')];
    for (const file of files) await seedLargeCounty({ ...options, file });
    const [first, second] = files.map((file) => new BetterSqlite3(file, { readonly: true }));
    try {
      const fingerprint = (db: BetterSqlite3.Database) =>
        db
          .prepare(
            `select count(*) || ':' || group_concat(last_hash, '') from (select last_hash from points_balances order by resident_id)`,
          )
          .pluck()
          .get();
      expect(fingerprint(first!)).toBe(fingerprint(second!));
      expect(count(first!, 'select count(*) from points_ledger')).toBeGreaterThan(300);
    } finally {
      first!.close();
      second!.close();
    }
  }, 60_000);

  it('reads points per community and the honour roll from the ledger index alone (20261206_0601)', async () => {
    const file = path.join(dir, 'b.sqlite');
    const raw = new BetterSqlite3(file);
    const statements: { sql: string; parameters: readonly unknown[] }[] = [];
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query);
      },
    });
    try {
      const month = statsScopeOf('2026-11-01', '2026-11-30', null);
      await STATS_QUERIES.find((q) => q.name === 'pointsPerCommunity')!.run(db, month);
      await leaderboard(db, {
        communityId: 1,
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        limit: 20,
      });
      expect(statements).toHaveLength(2);
      for (const statement of statements) {
        const plan = (
          raw.prepare(`explain query plan ${statement.sql}`).all(...(statement.parameters as unknown[])) as {
            detail: string;
          }[]
        ).map((row) => row.detail);
        expect(
          plan.find((detail) => /^SEARCH points_ledger/.test(detail)),
          plan.join('\n'),
        ).toMatch(/COVERING INDEX/);
      }
    } finally {
      await db.destroy();
    }
  });

  it('refuses a file that already exists, and leaves it as it was', () => {
    const file = path.join(dir, 'existing.sqlite');
    writeFileSync(file, 'not a database');
    const result = run('scripts/seed-large.ts', ['--file', file, ...SIZE]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('exists');
    expect(readFileSync(file, 'utf8')).toBe('not a database');
  });
});
