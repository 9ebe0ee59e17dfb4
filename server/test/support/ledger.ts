import { expect } from 'vitest';
import type { AppDeps } from '../../src/platform/deps.js';
import { checkLedgerIntegrity } from '../../src/modules/points/points.integrity.js';

/**
 * The invariants every points test ends with: for every resident, cached balance = sum of
 * entries, no balance below zero, and every hash chain verifies.
 */
export async function expectLedgerInvariants(deps: AppDeps): Promise<void> {
  const sums = await deps.db
    .selectFrom('points_ledger')
    .select(['resident_id', (eb) => eb.fn.sum<number>('delta').as('total')])
    .groupBy('resident_id')
    .execute();
  const balances = await deps.db.selectFrom('points_balances').selectAll().execute();
  const byResident = new Map(balances.map((b) => [b.resident_id, b.balance]));
  for (const row of sums) {
    expect(Number(row.total), `sum of entries of resident ${row.resident_id}`).toBeGreaterThanOrEqual(0);
    expect(byResident.get(row.resident_id), `cached balance of resident ${row.resident_id}`).toBe(Number(row.total));
  }
  for (const b of balances) expect(b.balance).toBeGreaterThanOrEqual(0);
  const report = await checkLedgerIntegrity(deps.db, deps.clock.now());
  expect(report.mismatches).toEqual([]);
  expect(report.ok).toBe(true);
}

export async function ledgerCount(deps: AppDeps, where: { residentId?: number } = {}): Promise<number> {
  let q = deps.db.selectFrom('points_ledger').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where.residentId) q = q.where('resident_id', '=', where.residentId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
