/**
 * Shared pieces of the benchmark harness: fresh databases seeded the same way for every bench,
 * temp-dir bookkeeping, the machine description and the printed/JSON summary.
 *
 * Benchmarks here compare two things measured in the same run on the same machine (a ratio), never
 * an absolute figure against a number written down elsewhere: absolute figures move with the
 * machine, the disk and the neighbours; ratios from one run mostly do not.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { makeMemberCode } from '@zhongli/domain';
import { openSqlite, type DatabaseHandle } from '../src/db/connect.js';
import { prepareDatabase } from '../src/db/prepare.js';
import type { Actor } from '../src/platform/actor.js';
import { systemClock } from '../src/platform/clock.js';
import { databaseBlobStore } from '../src/platform/blobs.js';
import type { AppDeps } from '../src/platform/deps.js';
import { insertRoles, insertUser } from '../src/modules/accounts/accounts.repository.js';
import { hashPassword } from '../src/modules/accounts/passwords.js';
import { insertCommunity } from '../src/modules/communities/communities.repository.js';
import { insertResident } from '../src/modules/residents/residents.repository.js';
import { awardByRule, loadVersionWithRules, publishRuleVersion } from '../src/modules/points/points.service.js';
import { createItem, recordDonation } from '../src/modules/shop/shop.service.js';

export const BENCH_CENTER = '基准测试社区服务中心';
export const BENCH_PASSWORD = 'bench-password-1';
export const BENCH_STAFF_PHONE = '13900000001';

// Temp dirs ---------------------------------------------------------------------------------------

const tempDirs = new Set<string>();

/** A fresh directory under the OS temp dir; removed by `removeTempDir` or, at the latest, on exit. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `zhongli-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

// A crashed or interrupted bench must not leave database files behind in /tmp.
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

// Databases -------------------------------------------------------------------------------------

/** The production connection (openSqlite: WAL, synchronous=FULL, foreign keys, busy timeout), migrated, with the wall clock. */
export async function openBenchDatabase(file: string): Promise<{ handle: DatabaseHandle; deps: AppDeps }> {
  const handle = openSqlite(file);
  const { idDigestKey } = await prepareDatabase(handle.db, handle.dialect, BENCH_CENTER);
  const deps: AppDeps = {
    db: handle.db,
    dialect: handle.dialect,
    clock: systemClock,
    config: { sessionSecret: 'bench-secret-bench-secret-bench-secret', cookieSecure: false, centerName: BENCH_CENTER },
    idDigestKey,
    blobs: databaseBlobStore(handle.db, systemClock),
  };
  return { handle, deps };
}

export interface PointsFixture {
  communityId: number;
  staff: Actor;
  residentIds: number[];
  ruleId: number;
  ruleRevisionId: number;
  rulePoints: number;
  /** The uncapped rule with a large value that `grantPoints` awards; only when `grantPoints` was asked for. */
  grantRuleId?: number;
}

/**
 * One community, one staff member who may award there, `residents` residents and a published rule
 * version with one uncapped rule (caps would turn most awards into 409s and measure the refusal).
 * With `grantPoints`, the version has a second uncapped rule worth that many points (at most
 * 1000, the rule maximum), for benches that need residents with points to spend (`grantPoints`).
 * Residents go in one transaction: with synchronous=FULL one transaction each costs a WAL sync
 * apiece, and the seed is not what is being measured.
 */
export async function seedPoints(
  deps: AppDeps,
  options: { residents: number; grantPoints?: number },
): Promise<PointsFixture> {
  const at = deps.clock.now().toISOString();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const { communityId, staffId, residentIds } = await deps.db.transaction().execute(async (trx) => {
    const communityId = await insertCommunity(trx, '基准社区', at);
    const staffId = await insertUser(trx, {
      name: '基准工作人员',
      phone: BENCH_STAFF_PHONE,
      passwordHash,
      createdAt: at,
    });
    await insertRoles(trx, staffId, [{ role: 'community_staff', communityId }]);
    const codes = new Set<string>();
    while (codes.size < options.residents) codes.add(makeMemberCode());
    const residentIds: number[] = [];
    let n = 0;
    for (const memberCode of codes) {
      residentIds.push(
        await insertResident(trx, {
          communityId,
          userId: null,
          name: `居民${++n}`,
          memberCode,
          birthDate: '1955-06-01',
          gender: null,
          idNumberMasked: null,
          idNumberDigest: null,
          createdBy: staffId,
          at,
        }),
      );
    }
    return { communityId, staffId, residentIds };
  });
  const staff: Actor = {
    userId: staffId,
    name: '基准工作人员',
    phone: BENCH_STAFF_PHONE,
    roles: [{ role: 'community_staff', communityId }],
  };
  const versionId = await publishRuleVersion({
    deps,
    actor: staff,
    data: {
      communityId,
      rules: [
        { code: 'BENCH', name: '参加志愿服务', category: '志愿服务', points: 5 },
        ...(options.grantPoints
          ? [{ code: 'BENCH_GRANT', name: '年度志愿之星', category: '志愿服务', points: options.grantPoints }]
          : []),
      ],
    },
  });
  const { rules } = await loadVersionWithRules(deps, versionId);
  const rule = rules.find((r) => r.code === 'BENCH')!;
  const grant = rules.find((r) => r.code === 'BENCH_GRANT');
  return {
    communityId,
    staff,
    residentIds,
    ruleId: rule.rule_id,
    ruleRevisionId: rule.revision_id,
    rulePoints: rule.points,
    ...(grant ? { grantRuleId: grant.rule_id } : {}),
  };
}

/**
 * Gives every resident `times` awards of the fixture's grant rule, through `awardByRule` (the
 * use case the desk calls: ledger entry, hash chain, audit), so a bench that spends points starts
 * from balances the ledger accounts for. One transaction per round of residents: the seed is not
 * what is measured, and one WAL sync per award would make it slow.
 */
export async function grantPoints(deps: AppDeps, fixture: PointsFixture, times: number): Promise<number> {
  if (fixture.grantRuleId === undefined) throw new Error('seedPoints was called without grantPoints');
  let granted = 0;
  for (let i = 0; i < times; i++) {
    await deps.db.transaction().execute(async (trx) => {
      for (const residentId of fixture.residentIds) {
        await awardByRule(trx, deps, {
          actor: fixture.staff,
          residentId,
          ruleId: fixture.grantRuleId!,
          note: '基准测试：兑换用积分',
        });
        granted++;
      }
    });
  }
  return granted;
}

export interface ShopFixture {
  itemIds: number[];
  /** Stock of each item once seeded, by item id: the redemption bench checks what left against it. */
  initialStock: Record<number, number>;
}

/**
 * `items` shop items in the fixture's community, no monthly limit, priced 1–3 points, each
 * stocked with `stockPerItem` units by donations of at most 100 (the per-donation maximum):
 * through `createItem` and `recordDonation`, so every unit is a lot with a donor, as at the counter.
 */
export async function seedShop(
  deps: AppDeps,
  fixture: PointsFixture,
  options: { items: number; stockPerItem: number },
): Promise<ShopFixture> {
  const itemIds: number[] = [];
  const initialStock: Record<number, number> = {};
  for (let i = 0; i < options.items; i++) {
    const { id } = await createItem({
      deps,
      actor: fixture.staff,
      data: {
        communityId: fixture.communityId,
        name: `基准物品${i + 1}`,
        pointsPrice: 1 + (i % 3),
        monthlyLimit: null,
      },
    });
    let stock = 0;
    for (let left = options.stockPerItem; left > 0; left -= 100) {
      ({ stock } = await deps.db.transaction().execute((trx) =>
        recordDonation(trx, deps, {
          actor: fixture.staff,
          data: { itemId: id, quantity: Math.min(100, left), donorName: '基准爱心人士' },
        }),
      ));
    }
    itemIds.push(id);
    initialStock[id] = stock;
  }
  return { itemIds, initialStock };
}

// Machine ---------------------------------------------------------------------------------------

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  sqlite: string;
  platform: string;
  tmpdir: string;
}

export function machineInfo(): MachineInfo {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':').slice(1).join(':').trim();
  } catch {
    // Not Linux: os.cpus() is good enough.
  }
  const memory = new BetterSqlite3(':memory:');
  const sqlite = (memory.prepare('select sqlite_version() as v').get() as { v: string }).v;
  memory.close();
  return {
    cpu,
    cores: os.availableParallelism(),
    node: process.version,
    sqlite,
    platform: `${os.platform()} ${os.release()}`,
    tmpdir: os.tmpdir(),
  };
}

// Statistics and formatting -------------------------------------------------------------------

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const fmt = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
export const ratio = (a: number, b: number) => (b ? a / b : NaN);

/** A plain monospace table: the summary must read the same in a terminal, a CI log and an issue comment. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : padStart(c, widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// CJK characters take two columns in a terminal.
const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - width(s))) + s;

export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}
