import type { AppDeps } from '../../src/platform/deps.js';

/** A deliberately naive booking (count-then-insert), used only as the flash-crowd control. */
export async function naiveBook(deps: AppDeps, o: { sessionId: number; serviceId: number; residentId: number }) {
  const session = await deps.db
    .selectFrom('service_sessions')
    .select(['capacity'])
    .where('id', '=', o.sessionId)
    .executeTakeFirstOrThrow();
  const booked = await deps.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', o.sessionId)
    .where('state', '!=', 'cancelled')
    .executeTakeFirstOrThrow();
  if (Number(booked.n) >= session.capacity) throw Object.assign(new Error('full'), { status: 409 });
  // The gap between counting and writing that a real request has.
  await new Promise((resolve) => setTimeout(resolve, 2));
  const at = new Date().toISOString();
  await deps.db
    .insertInto('bookings')
    .values({
      session_id: o.sessionId,
      service_id: o.serviceId,
      resident_id: o.residentId,
      state: 'waiting',
      queue_number: 1000 + o.residentId,
      created_at: at,
      updated_at: at,
    })
    .execute();
}
