import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { checkLedgerIntegrity } from '../../src/modules/points/index.js';
import type { Acknowledged } from './load.js';

/**
 * What must hold after a kill -9 and before the next start: the file is sound (SQLite), every
 * guarded counter equals what it counts and stays within its limit, every balance is the sum of
 * its entries and every hash chain verifies, and every write acknowledged before the kill is there.
 * Returns the problems found (none is the pass).
 */
export async function checkAfterCrash(handle: DatabaseHandle, acknowledged: Acknowledged[]): Promise<string[]> {
  const { db } = handle;
  const problems: string[] = [];
  if (handle.dialect === 'sqlite') {
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    if (integrity.rows[0]?.integrity_check !== 'ok')
      problems.push(`integrity_check: ${JSON.stringify(integrity.rows)}`);
    const foreignKeys = await sql`pragma foreign_key_check`.execute(db);
    if (foreignKeys.rows.length) problems.push(`foreign_key_check: ${JSON.stringify(foreignKeys.rows.slice(0, 5))}`);
  }

  const ledger = await checkLedgerIntegrity(db, new Date());
  if (!ledger.ok) problems.push(`ledger: ${JSON.stringify(ledger.mismatches.slice(0, 5))}`);
  const negative = await db
    .selectFrom('points_balances')
    .select(['resident_id', 'balance'])
    .where('balance', '<', 0)
    .execute();
  if (negative.length) problems.push(`negative balances: ${JSON.stringify(negative)}`);

  const items = await db
    .selectFrom('shop_items')
    .select((eb) => [
      'shop_items.id',
      'shop_items.stock',
      eb
        .selectFrom('shop_donations')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('remaining'), sql<number>`0`).as('n'))
        .whereRef('shop_donations.item_id', '=', 'shop_items.id')
        .as('remaining'),
    ])
    .execute();
  for (const item of items) {
    if (item.stock < 0 || Number(item.stock) !== Number(item.remaining))
      problems.push(`item ${item.id}: stock ${item.stock}, units left in its lots ${item.remaining}`);
  }

  const offers = await db
    .selectFrom('voucher_offers')
    .select((eb) => [
      'voucher_offers.id',
      'voucher_offers.claimed',
      'voucher_offers.quantity',
      eb
        .selectFrom('vouchers')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('vouchers.offer_id', '=', 'voucher_offers.id')
        .as('issued'),
    ])
    .execute();
  for (const offer of offers) {
    if (offer.claimed > offer.quantity || Number(offer.issued) !== offer.claimed)
      problems.push(`offer ${offer.id}: claimed ${offer.claimed} of ${offer.quantity}, vouchers ${offer.issued}`);
  }

  const activities = await db
    .selectFrom('activities')
    .select((eb) => [
      'activities.id',
      'activities.registered',
      'activities.capacity',
      eb
        .selectFrom('registrations')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('registrations.activity_id', '=', 'activities.id')
        .where('registrations.status', '=', 'registered')
        .as('rows'),
    ])
    .execute();
  for (const a of activities) {
    if ((a.capacity != null && a.registered > a.capacity) || Number(a.rows) !== a.registered)
      problems.push(`activity ${a.id}: registered ${a.registered} of ${a.capacity}, rows ${a.rows}`);
  }

  const sessions = await db
    .selectFrom('service_sessions')
    .select((eb) => [
      'service_sessions.id',
      'service_sessions.booked',
      'service_sessions.capacity',
      eb
        .selectFrom('bookings')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('bookings.session_id', '=', 'service_sessions.id')
        .where('bookings.state', '!=', 'cancelled')
        .as('rows'),
    ])
    .execute();
  for (const s of sessions) {
    if (s.booked > s.capacity || Number(s.rows) !== s.booked)
      problems.push(`session ${s.id}: booked ${s.booked} of ${s.capacity}, rows ${s.rows}`);
  }

  problems.push(...(await missingAcknowledged(handle, acknowledged)));
  return problems;
}

async function missingAcknowledged(handle: DatabaseHandle, acknowledged: Acknowledged[]): Promise<string[]> {
  const { db } = handle;
  const ids = (kind: Acknowledged['kind']) => acknowledged.flatMap((a) => (a.kind === kind && 'id' in a ? [a.id] : []));
  const present = async (
    table: 'points_ledger' | 'shop_redemptions' | 'vouchers' | 'bookings' | 'registrations',
    wanted: number[],
  ) => {
    if (wanted.length === 0) return new Set<number>();
    const rows = await db.selectFrom(table).select('id').where('id', 'in', wanted).execute();
    return new Set(rows.map((r) => r.id));
  };
  const problems: string[] = [];
  const expectAll = async (kind: Acknowledged['kind'], table: Parameters<typeof present>[0]) => {
    const wanted = ids(kind);
    const found = await present(table, wanted);
    const lost = wanted.filter((id) => !found.has(id));
    if (lost.length) problems.push(`${lost.length} acknowledged ${kind} lost: ${lost.slice(0, 10).join(', ')}`);
  };
  await expectAll('ledger-entry', 'points_ledger');
  await expectAll('redemption', 'shop_redemptions');
  await expectAll('voucher', 'vouchers');
  await expectAll('booking', 'bookings');
  await expectAll('registration', 'registrations');

  const inState = async <T extends 'vouchers' | 'bookings' | 'registrations'>(
    kind: Acknowledged['kind'],
    table: T,
    column: 'status' | 'state',
    value: string,
  ) => {
    const wanted = ids(kind);
    if (wanted.length === 0) return;
    const rows = await sql<{
      id: number;
    }>`select id from ${sql.table(table)} where ${sql.ref(column)} = ${value} and id in (${sql.join(wanted)})`.execute(
      db,
    );
    const found = new Set(rows.rows.map((r) => Number(r.id)));
    const lost = wanted.filter((id) => !found.has(id));
    if (lost.length) problems.push(`${lost.length} acknowledged ${kind} not ${value}: ${lost.slice(0, 10).join(', ')}`);
  };
  await inState('voucher-honoured', 'vouchers', 'status', 'redeemed');
  await inState('booking-cancelled', 'bookings', 'state', 'cancelled');
  await inState('registration-cancelled', 'registrations', 'status', 'cancelled');

  const checkins = acknowledged.flatMap((a) => (a.kind === 'checkin' ? [a] : []));
  for (const c of checkins) {
    const row = await db
      .selectFrom('checkins')
      .select('id')
      .where('activity_id', '=', c.activityId)
      .where('resident_id', '=', c.residentId)
      .executeTakeFirst();
    if (!row) problems.push(`acknowledged check-in of resident ${c.residentId} lost`);
  }
  return problems;
}
