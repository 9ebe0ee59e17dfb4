import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import * as bookingState from '../src/db/migrations/20261202_0401_booking_state.js';
import * as limitUsage from '../src/db/migrations/20261202_0402_limit_usage.js';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import { buildResident, buildService } from './support/factories.js';

/**
 * The services migrations over rows the app really wrote: one booking in each state, taken down
 * to the old shape and up again, on SQLite and on PostgreSQL.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('one booking state (20261202_0401_booking_state)', () => {
  it('maps status and queue_status to one state and back, a cancelled booking staying cancelled', async () => {
    const {
      id: serviceId,
      communityId,
      staff,
    } = await buildService(t.deps, {
      schedule: { daysOfMonth: [5], sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 25 }] },
    });
    const community = { id: communityId };
    const cookie = await signIn(t.app, staff.phone);
    const [session] = (
      await t.app.inject({
        method: 'GET',
        url: `/api/public/services/${serviceId}/sessions?from=2026-12-05&to=2026-12-05`,
      })
    ).json() as { id: number }[];
    const post = (url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await buildResident(t.deps, { communityId: community.id, birthDate: '1950-01-01' });
      ids.push((await post('/api/bookings', { sessionId: session!.id, residentId: r.id })).json().id);
    }
    const next = () => post(`/api/service-sessions/${session!.id}/queue/next`);
    await next();
    await post(`/api/bookings/${ids[0]}/attend`, { feePaidFen: 100 }); // 1: served
    await next();
    await post(`/api/bookings/${ids[1]}/no-show`); // 2: no_show
    await next(); // 3: called
    await post(`/api/bookings/${ids[3]}/away`); // 4: away; 5: waiting
    await t.app.inject({ method: 'DELETE', url: `/api/bookings/${ids[5]}`, headers: { cookie } }); // 6: cancelled
    // The table as either migration leaves it: the columns depend on which ran last.
    const db = t.db as unknown as Kysely<{
      bookings: { id: number; state: string; status: string; queue_status: string };
    }>;
    const rows = async (columns: ('state' | 'status' | 'queue_status')[]) =>
      (
        await db
          .selectFrom('bookings')
          .select(['id', ...columns])
          .where('id', 'in', ids)
          .orderBy('id')
          .execute()
      ).map(({ id: _id, ...rest }) => rest);
    expect(await rows(['state'])).toEqual(
      ['served', 'no_show', 'called', 'away', 'waiting', 'cancelled'].map((state) => ({ state })),
    );

    await bookingState.down(db);
    expect(await rows(['status', 'queue_status'])).toEqual([
      { status: 'booked', queue_status: 'served' },
      { status: 'booked', queue_status: 'no_show' },
      { status: 'booked', queue_status: 'called' },
      { status: 'booked', queue_status: 'away' },
      { status: 'booked', queue_status: 'waiting' },
      { status: 'cancelled', queue_status: 'waiting' },
    ]);
    // Under the old shape a booking could be cancelled while stepped out: it comes up cancelled all the same.
    await db.updateTable('bookings').set({ queue_status: 'away' }).where('id', '=', ids[5]!).execute();

    await bookingState.up(db);
    expect(await rows(['state'])).toEqual(
      ['served', 'no_show', 'called', 'away', 'waiting', 'cancelled'].map((state) => ({ state })),
    );
    const queue = (
      await t.app.inject({ method: 'GET', url: `/api/service-sessions/${session!.id}/queue`, headers: { cookie } })
    ).json();
    expect(queue.counts).toEqual({ waiting: 1, away: 1, served: 1, noShow: 1 });
    expect(queue.current).toMatchObject({ bookingId: ids[2] });
  });
});

describe('one word for a limit (20261202_0402_limit_usage)', () => {
  it('renames service_booking_usage to service_limit_usage and back, keeping the rows, and the limit still holds', async () => {
    const {
      id: serviceId,
      communityId,
      staff,
    } = await buildService(t.deps, {
      schedule: { daysOfMonth: [5, 15], sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 25 }] },
      monthlyLimit: 1,
    });
    const community = { id: communityId };
    const cookie = await signIn(t.app, staff.phone);
    const [fifth, fifteenth] = (
      await t.app.inject({
        method: 'GET',
        url: `/api/public/services/${serviceId}/sessions?from=2026-12-01&to=2026-12-31`,
      })
    ).json() as { id: number }[];
    const resident = await buildResident(t.deps, { communityId: community.id, birthDate: '1950-01-01' });
    const book = (sessionId: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/bookings',
        headers: { cookie },
        payload: { sessionId, residentId: resident.id },
      });
    expect((await book(fifth!.id)).statusCode).toBe(201);
    const db = t.db as unknown as Kysely<{
      service_limit_usage: { service_id: number; month: string; count: number };
      service_booking_usage: { service_id: number; month: string; count: number };
    }>;
    const usage = (table: 'service_limit_usage' | 'service_booking_usage') =>
      db.selectFrom(table).select(['month', 'count']).where('service_id', '=', serviceId).execute();
    expect(await usage('service_limit_usage')).toEqual([{ month: '2026-12', count: 1 }]);

    await limitUsage.down(db, t.deps.dialect);
    expect(await usage('service_booking_usage')).toEqual([{ month: '2026-12', count: 1 }]);
    await limitUsage.up(db, t.deps.dialect);
    expect(await usage('service_limit_usage')).toEqual([{ month: '2026-12', count: 1 }]);
    const refused = await book(fifteenth!.id);
    expect(refused.json().error).toMatchObject({ code: 'LIMIT_REACHED', limit: 1 });
  });
});
