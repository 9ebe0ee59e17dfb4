import { expect } from 'vitest';
import type { AppDeps } from '../../src/platform/deps.js';
import { expectLedgerInvariants } from './ledger.js';

/**
 * What a race must leave behind, checked in SQL: shared by the concurrency tests on one instance
 * and the same races split across two instances.
 */

/** A service session after a crowd: `places` bookings of different residents, queue numbers 1…places, the counter equal. */
export async function expectExactBookings(deps: AppDeps, sessionId: number, places: number) {
  const bookings = await deps.db
    .selectFrom('bookings')
    .select(['resident_id', 'queue_number'])
    .where('session_id', '=', sessionId)
    .where('state', '!=', 'cancelled')
    .execute();
  expect(bookings).toHaveLength(places);
  expect(new Set(bookings.map((b) => b.resident_id)).size).toBe(places);
  expect(bookings.map((b) => b.queue_number).sort((a, b) => a - b)).toEqual(
    Array.from({ length: places }, (_, i) => i + 1),
  );
  const session = await deps.db
    .selectFrom('service_sessions')
    .select(['booked', 'capacity'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  expect(session.booked).toBe(places);
  return bookings;
}

/** A voucher offer after a claim race: `issued` vouchers with distinct codes, the counter equal, `issued` of the residents charged, the ledger sound. */
export async function expectExactVoucherClaims(deps: AppDeps, offerId: number, residentIds: number[], issued: number) {
  const vouchers = await deps.db
    .selectFrom('vouchers')
    .select(['resident_id', 'code'])
    .where('offer_id', '=', offerId)
    .execute();
  expect(vouchers).toHaveLength(issued);
  expect(new Set(vouchers.map((v) => v.code)).size).toBe(issued);
  const offer = await deps.db
    .selectFrom('voucher_offers')
    .select('claimed')
    .where('id', '=', offerId)
    .executeTakeFirstOrThrow();
  expect(offer.claimed).toBe(issued);
  const charged = await deps.db
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'voucher')
    .where('resident_id', 'in', residentIds)
    .executeTakeFirstOrThrow();
  expect(Number(charged.n)).toBe(issued);
  await expectLedgerInvariants(deps);
}

/** A shop item after a redemption race: stock never below zero, every unit gone is on a redemption line and taken from a lot. */
export async function expectExactStock(deps: AppDeps, itemId: number, initial: number) {
  const row = await deps.db.selectFrom('shop_items').select('stock').where('id', '=', itemId).executeTakeFirstOrThrow();
  const redeemed = await deps.db
    .selectFrom('shop_redemption_lines')
    .select((eb) => eb.fn.sum<number>('quantity').as('units'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  expect(row.stock, `stock of item ${itemId}`).toBeGreaterThanOrEqual(0);
  expect(initial - row.stock, `units gone from item ${itemId}`).toBe(Number(redeemed.units ?? 0));
  const lots = await deps.db
    .selectFrom('shop_donations')
    .select((eb) => eb.fn.sum<number>('remaining').as('left'))
    .where('item_id', '=', itemId)
    .executeTakeFirstOrThrow();
  expect(Number(lots.left), `lots of item ${itemId}`).toBe(row.stock);
  return row.stock;
}
