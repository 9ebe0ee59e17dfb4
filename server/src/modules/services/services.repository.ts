import { sql } from 'kysely';
import { BOOKING_STEPS, type BookingStep } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';
import { keysetPages } from '../../platform/keyset.js';

// Services and sessions ---------------------------------------------------------------------------

export function findService(db: Db | Trx, id: number) {
  return db
    .selectFrom('services')
    .innerJoin('communities', 'communities.id', 'services.community_id')
    .leftJoin('venues', 'venues.id', 'services.venue_id')
    .selectAll('services')
    .select(['communities.name as community_name', 'venues.name as venue_name'])
    .where('services.id', '=', id)
    .executeTakeFirst();
}
export type ServiceRow = NonNullable<Awaited<ReturnType<typeof findService>>>;

/**
 * The service row as it stands, locked for the rest of the transaction on PostgreSQL: an edit and
 * the hourly sweep each regenerate from the row they hold, so they take turns on it and the later
 * one reads what the earlier one saved (SQLite's BEGIN IMMEDIATE already serialises them).
 */
export async function lockService(trx: Trx, id: number): Promise<ServiceRow | undefined> {
  // On the services row alone (a lock may not reach the outer-joined venue), and NO KEY UPDATE: a
  // booking's foreign-key check (KEY SHARE) must not wait for it, or booking and edit deadlock.
  const locked = await trx.selectFrom('services').select('id').where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  return locked ? findService(trx, id) : undefined;
}

export function listServices(db: Db, communityId?: number) {
  let q = db
    .selectFrom('services')
    .innerJoin('communities', 'communities.id', 'services.community_id')
    .leftJoin('venues', 'venues.id', 'services.venue_id')
    .selectAll('services')
    .select(['communities.name as community_name', 'venues.name as venue_name'])
    .orderBy('services.id');
  if (communityId) q = q.where('services.community_id', '=', communityId);
  return q.execute();
}

export async function insertService(trx: Trx, s: Omit<ServiceRow, 'id' | 'community_name' | 'venue_name'>) {
  const row = await trx.insertInto('services').values(s).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateService(
  trx: Trx,
  id: number,
  changes: Partial<Omit<ServiceRow, 'id' | 'community_id' | 'community_name' | 'venue_name' | 'created_at'>>,
) {
  if (Object.keys(changes).length) await trx.updateTable('services').set(changes).where('id', '=', id).execute();
}

/**
 * The service's sessions starting after `now` up to `until`, each saying whether it is pinned:
 * someone booked it (a booking row in any state), it was called off, or the rota has a request on it.
 */
export function futureSessionsWithPins(db: Db | Trx, serviceId: number, now: string, until: string) {
  return db
    .selectFrom('service_sessions as s')
    .select(['s.id', 's.date', 's.period', 's.starts_at', 's.ends_at', 's.capacity', 's.booking_opens_at'])
    .select((eb) =>
      eb
        .or([
          eb('s.booked', '>', 0),
          eb('s.status', '=', 'cancelled'),
          eb.exists(eb.selectFrom('bookings as b').select('b.id').whereRef('b.session_id', '=', 's.id')),
          eb.exists(eb.selectFrom('rota_changes as c').select('c.id').whereRef('c.session_id', '=', 's.id')),
        ])
        .as('pinned'),
    )
    .where('s.service_id', '=', serviceId)
    .where('s.starts_at', '>', now)
    .where('s.starts_at', '<', until)
    .orderBy('s.starts_at')
    .execute();
}

/**
 * Claims a session for removal or change only while nobody has booked it: the conditional write
 * (booked = 0, open, no booking row) and, on PostgreSQL, the row lock it takes until commit mean a
 * booking arriving now either lands first (and the claim fails: the session is kept) or waits and
 * then finds the session gone or changed — never a booking pointing at a deleted session.
 * The claim's UPDATE alone locks FOR NO KEY UPDATE, which lets a rota, availability or swap insert
 * (KEY SHARE, for its foreign key) slip in before the delete and fail it; FOR UPDATE first makes
 * such an insert wait for this transaction (then it meets a missing session: SESSION_CHANGED).
 */
async function claimUnbooked(trx: Trx, sessionId: number): Promise<boolean> {
  const locked = await trx
    .selectFrom('service_sessions')
    .select('id')
    .where('id', '=', sessionId)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) return false;
  const row = await trx
    .updateTable('service_sessions')
    .set({ booked: 0 })
    .where('id', '=', sessionId)
    .where('booked', '=', 0)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('bookings').select('bookings.id').whereRef('bookings.session_id', '=', 'service_sessions.id'),
        ),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('rota_changes')
            .select('rota_changes.id')
            .whereRef('rota_changes.session_id', '=', 'service_sessions.id'),
        ),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Removes an unbooked session with its rota assignments and availability marks; false when someone booked it meanwhile. */
export async function removeUnbookedSession(trx: Trx, sessionId: number): Promise<boolean> {
  if (!(await claimUnbooked(trx, sessionId))) return false;
  await trx.deleteFrom('volunteer_unavailability').where('session_id', '=', sessionId).execute();
  await trx.deleteFrom('rota_assignments').where('session_id', '=', sessionId).execute();
  await trx.deleteFrom('service_sessions').where('id', '=', sessionId).execute();
  return true;
}

/** Moves an unbooked session to the new rule's times and places; false when someone booked it meanwhile. */
export async function reshapeUnbookedSession(
  trx: Trx,
  sessionId: number,
  s: { starts_at: string; ends_at: string; capacity: number; booking_opens_at: string },
): Promise<boolean> {
  if (!(await claimUnbooked(trx, sessionId))) return false;
  await trx.updateTable('service_sessions').set(s).where('id', '=', sessionId).execute();
  return true;
}

/** With applyToOpenSessions: open sessions that still have places take the new scope too. */
export async function setScopeOfOpenSessionsWithPlaces(
  trx: Trx,
  serviceId: number,
  scope: 'community' | 'county',
  now: string,
): Promise<number> {
  const r = await trx
    .updateTable('service_sessions')
    .set({ scope })
    .where('service_id', '=', serviceId)
    .where('status', '=', 'open')
    .where('booking_opens_at', '<=', now)
    .where('starts_at', '>', now)
    .whereRef('booked', '<', 'capacity')
    .where('scope', '!=', scope)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Sessions are generated idempotently: the (service, date, period) key refuses a second copy. */
export async function insertServiceSessions(
  trx: Trx,
  rows: {
    service_id: number;
    date: string;
    period: string;
    starts_at: string;
    ends_at: string;
    capacity: number;
    booking_opens_at: string;
    scope: 'community' | 'county';
  }[],
) {
  for (const row of rows) {
    await trx
      .insertInto('service_sessions')
      .values(row)
      .onConflict((oc) => oc.columns(['service_id', 'date', 'period']).doNothing())
      .execute();
  }
}

/** Widening (or narrowing) the scope reaches only sessions whose booking has not opened yet. */
export async function setScopeOfUnopenedServiceSessions(
  trx: Trx,
  serviceId: number,
  scope: 'community' | 'county',
  now: string,
) {
  await trx
    .updateTable('service_sessions')
    .set({ scope })
    .where('service_id', '=', serviceId)
    .where('booking_opens_at', '>', now)
    .execute();
}

export function findServiceSession(db: Db | Trx, id: number) {
  return db.selectFrom('service_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}
export type ServiceSessionRow = NonNullable<Awaited<ReturnType<typeof findServiceSession>>>;

export function listServiceSessions(db: Db | Trx, serviceIds: number[], from: string, to: string) {
  if (!serviceIds.length) return Promise.resolve([]);
  return db
    .selectFrom('service_sessions')
    .selectAll()
    .where('service_id', 'in', serviceIds)
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

export async function cancelServiceSession(trx: Trx, id: number, reason: string): Promise<boolean> {
  const r = await trx
    .updateTable('service_sessions')
    .set({ status: 'cancelled', cancel_reason: reason })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The first marking wins: a session is completed once. */
export async function markServiceSessionCompleted(
  trx: Trx,
  id: number,
  done: { at: string; by: number },
): Promise<boolean> {
  const r = await trx
    .updateTable('service_sessions')
    .set({ completed_at: done.at, completed_by: done.by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Bookings ----------------------------------------------------------------------------------------

/**
 * Takes a place and the next queue number in one conditional UPDATE: `booked < capacity` is
 * checked and written together, so a flash crowd cannot overbook, and the row lock (PostgreSQL)
 * or the write lock (SQLite) hands out queue numbers one at a time. Returns the session as it
 * stands after the write (its `queue_seq` is the number taken), so a booking decided before its
 * transaction is judged again on it without another read; undefined when full or not open.
 */
export async function takePlace(trx: Trx, sessionId: number): Promise<ServiceSessionRow | undefined> {
  return trx
    .updateTable('service_sessions')
    .set((eb) => ({ booked: eb('booked', '+', 1), queue_seq: eb('queue_seq', '+', 1) }))
    .where('id', '=', sessionId)
    .where('status', '=', 'open')
    .whereRef('booked', '<', 'capacity')
    .returningAll()
    .executeTakeFirst();
}

export async function releasePlace(trx: Trx, sessionId: number) {
  await trx
    .updateTable('service_sessions')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('id', '=', sessionId)
    .where('booked', '>', 0)
    .execute();
}

/**
 * Uses one of the resident's bookings of the month under the service's limit, in one conditional
 * upsert (`count < limit` checked and written together): false when the limit is reached.
 */
/** How much of a service's monthly limit a resident has used, per month from `fromMonth`. */
export function limitUseOf(db: Db | Trx, residentId: number, serviceId: number, fromMonth: string) {
  return db
    .selectFrom('service_limit_usage')
    .select(['month', 'count'])
    .where('resident_id', '=', residentId)
    .where('service_id', '=', serviceId)
    .where('month', '>=', fromMonth)
    .orderBy('month')
    .execute();
}

export async function takeLimitUse(
  trx: Trx,
  k: { residentId: number; serviceId: number; month: string; limit: number },
): Promise<boolean> {
  const r = await trx
    .insertInto('service_limit_usage')
    .values({ resident_id: k.residentId, service_id: k.serviceId, month: k.month, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['resident_id', 'service_id', 'month'])
        .doUpdateSet({ count: (eb) => eb('service_limit_usage.count', '+', 1) })
        .where('service_limit_usage.count', '<', k.limit),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A cancelled booking gives its use of the month's limit back. */
export async function releaseLimitUse(trx: Trx, k: { residentId: number; serviceId: number; month: string }) {
  await trx
    .updateTable('service_limit_usage')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('resident_id', '=', k.residentId)
    .where('service_id', '=', k.serviceId)
    .where('month', '=', k.month)
    .where('count', '>', 0)
    .execute();
}

export function findBookingOf(db: Db | Trx, sessionId: number, residentId: number) {
  return db
    .selectFrom('bookings')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('resident_id', '=', residentId)
    .executeTakeFirst();
}

/**
 * What a booking is decided on before its transaction, in one read instead of four: the session,
 * its service's community and minimum age, the resident (community, birth date, archived or not;
 * null columns when there is no such resident) and their row for the session, if any. Undefined
 * when the session does not exist.
 */
export function bookingFacts(db: Db | Trx, sessionId: number, residentId: number) {
  return db
    .selectFrom('service_sessions as s')
    .innerJoin('services as sv', 'sv.id', 's.service_id')
    .leftJoin('residents as r', (join) => join.on('r.id', '=', residentId))
    .leftJoin('bookings as b', (join) => join.onRef('b.session_id', '=', 's.id').on('b.resident_id', '=', residentId))
    .selectAll('s')
    .select([
      'sv.community_id as service_community_id',
      'sv.min_age as service_min_age',
      'r.id as resident_id',
      'r.community_id as resident_community_id',
      'r.birth_date as resident_birth_date',
      'r.archived_at as resident_archived_at',
      'b.state as booking_state',
      'b.queue_number as booking_queue_number',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}

export function findBooking(db: Db | Trx, id: number) {
  return db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst();
}
export type BookingRow = NonNullable<Awaited<ReturnType<typeof findBooking>>>;

export async function insertBooking(
  trx: Trx,
  b: {
    sessionId: number;
    serviceId: number;
    residentId: number;
    queueNumber: number;
    walkIn: boolean;
    bookedBy: number | null;
    at: string;
  },
) {
  const row = await trx
    .insertInto('bookings')
    .values({
      session_id: b.sessionId,
      service_id: b.serviceId,
      resident_id: b.residentId,
      state: 'waiting',
      queue_number: b.queueNumber,
      walk_in: b.walkIn ? 1 : 0,
      booked_by: b.bookedBy,
      created_at: b.at,
      updated_at: b.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A cancelled booking comes back with a new number (one row per person and session). */
export async function reviveBooking(
  trx: Trx,
  id: number,
  b: { queueNumber: number; walkIn: boolean; bookedBy: number | null; at: string },
): Promise<boolean> {
  const r = await trx
    .updateTable('bookings')
    .set({
      state: 'waiting',
      queue_number: b.queueNumber,
      walk_in: b.walkIn ? 1 : 0,
      booked_by: b.bookedBy,
      returned_at: null,
      called_at: null,
      served_at: null,
      fee_paid_fen: null,
      updated_at: b.at,
    })
    .where('id', '=', id)
    .where('state', '=', 'cancelled')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function cancelBooking(trx: Trx, id: number, at: string): Promise<boolean> {
  // The number is kept out of the way so a later booking of the same session can reuse the row.
  const { from, to } = BOOKING_STEPS.cancel;
  const r = await trx
    .updateTable('bookings')
    .set((eb) => ({ state: to, queue_number: eb.neg(eb.ref('id')), updated_at: at }))
    .where('id', '=', id)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Takes one step in the day's queue (domain BOOKING_STEPS), only from the states the step allows:
 * the state is checked and written in one statement, so double taps and two barbers are harmless.
 */
export async function stepBooking(
  trx: Trx,
  id: number,
  step: Exclude<BookingStep, 'cancel'>,
  extra: Partial<{ called_at: string; served_at: string; returned_at: string | null; fee_paid_fen: number }>,
  at: string,
): Promise<boolean> {
  const { from, to } = BOOKING_STEPS[step];
  const r = await trx
    .updateTable('bookings')
    .set({ state: to, ...extra, updated_at: at })
    .where('id', '=', id)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Who is next: someone back from 暂离 first (in the order they came back), then the lowest waiting number. */
export function nextInQueue(trx: Trx, sessionId: number) {
  return trx
    .selectFrom('bookings')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('state', '=', 'waiting')
    .orderBy(sql`case when ${sql.ref('returned_at')} is null then 1 else 0 end`)
    .orderBy('returned_at')
    .orderBy('queue_number')
    .limit(1)
    .executeTakeFirst();
}

/** A session's places as the queue and its export read them. */
const QUEUE_COLUMNS = [
  'bookings.id',
  'bookings.queue_number',
  'bookings.state',
  'bookings.walk_in',
  'bookings.called_at',
  'bookings.served_at',
  'bookings.fee_paid_fen',
  'bookings.returned_at',
  'bookings.resident_id',
  'residents.name',
] as const;

export function queueOf(db: Db | Trx, sessionId: number) {
  return db
    .selectFrom('bookings')
    .innerJoin('residents', 'residents.id', 'bookings.resident_id')
    .select(QUEUE_COLUMNS)
    .where('bookings.session_id', '=', sessionId)
    .where('bookings.state', '!=', 'cancelled')
    .orderBy('bookings.queue_number')
    .execute();
}

/**
 * The same residents' places in other sessions of that day: the queue screen shows both.
 * A place in a session staff called off is no number to go to, so it is not one of them.
 */
export function otherBookingsOnDate(db: Db | Trx, residentIds: number[], date: string, exceptSessionId: number) {
  if (!residentIds.length) return Promise.resolve([]);
  return db
    .selectFrom('bookings')
    .innerJoin('service_sessions', 'service_sessions.id', 'bookings.session_id')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .select([
      'bookings.id',
      'bookings.resident_id',
      'bookings.session_id',
      'bookings.queue_number',
      'bookings.state',
      'services.name as service_name',
      'service_sessions.period',
    ])
    .where('bookings.resident_id', 'in', residentIds)
    .where('service_sessions.date', '=', date)
    .where('bookings.session_id', '!=', exceptSessionId)
    .where('bookings.state', '!=', 'cancelled')
    .where('service_sessions.status', '=', 'open')
    .orderBy('bookings.id')
    .execute();
}

/** Open sessions of the community's other services on the same day: where a waiting resident can take a number too. */
export function companionServiceSessions(db: Db | Trx, communityId: number, date: string, exceptServiceId: number) {
  return db
    .selectFrom('service_sessions')
    .innerJoin('services', 'services.id', 'service_sessions.service_id')
    .select([
      'service_sessions.id',
      'service_sessions.period',
      'service_sessions.capacity',
      'service_sessions.booked',
      'service_sessions.starts_at',
      'service_sessions.ends_at',
      'services.id as service_id',
      'services.name as service_name',
    ])
    .where('services.community_id', '=', communityId)
    .where('service_sessions.date', '=', date)
    .where('service_sessions.service_id', '!=', exceptServiceId)
    .where('service_sessions.status', '=', 'open')
    .orderBy('service_sessions.starts_at')
    .execute();
}

export function bookingsOfResident(db: Db, residentId: number) {
  return db
    .selectFrom('bookings')
    .innerJoin('service_sessions', 'service_sessions.id', 'bookings.session_id')
    .innerJoin('services', 'services.id', 'bookings.service_id')
    .leftJoin('venues', 'venues.id', 'services.venue_id')
    .select([
      'bookings.id',
      'bookings.queue_number',
      'bookings.state',
      'service_sessions.id as session_id',
      'service_sessions.date',
      'service_sessions.period',
      'service_sessions.starts_at',
      'service_sessions.ends_at',
      'service_sessions.status as session_status',
      'service_sessions.cancel_reason as session_cancel_reason',
      'services.id as service_id',
      'services.name as service_name',
      'services.price_fen',
      'services.resident_note',
      'services.companion_note',
      'venues.name as venue_name',
    ])
    .where('bookings.resident_id', '=', residentId)
    .where('bookings.state', '!=', 'cancelled')
    .orderBy('service_sessions.starts_at', 'desc')
    .limit(50)
    .execute();
}

export function bookedResidentIds(db: Db | Trx, sessionId: number) {
  return db
    .selectFrom('bookings')
    .select('resident_id')
    .where('session_id', '=', sessionId)
    .where('state', '!=', 'cancelled')
    .execute();
}

export function servedOn(db: Db, serviceId: number, from: string, to: string) {
  return db
    .selectFrom('bookings')
    .innerJoin('service_sessions', 'service_sessions.id', 'bookings.session_id')
    .select([
      'service_sessions.period',
      (eb) => eb.fn.countAll<number>().as('served'),
      (eb) => eb.fn.sum<number>('bookings.fee_paid_fen').as('fees'),
    ])
    .where('bookings.service_id', '=', serviceId)
    .where('bookings.state', '=', 'served')
    .where('service_sessions.starts_at', '>=', from)
    .where('service_sessions.starts_at', '<', to)
    .groupBy('service_sessions.period')
    .execute();
}

// Volunteers and the rota -------------------------------------------------------------------------

export function volunteersOf(db: Db | Trx, serviceId: number) {
  return db
    .selectFrom('service_volunteers')
    .innerJoin('users', 'users.id', 'service_volunteers.user_id')
    .select(['users.id', 'users.name', 'users.phone'])
    .where('service_volunteers.service_id', '=', serviceId)
    .orderBy('users.id')
    .execute();
}

export async function addVolunteer(trx: Trx, serviceId: number, userId: number, at: string) {
  await trx
    .insertInto('service_volunteers')
    .values({ service_id: serviceId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['service_id', 'user_id']).doNothing())
    .execute();
}

/** The account joining a pool: only its name, for the audit entry. */
export function findUserName(db: Db | Trx, userId: number) {
  return db.selectFrom('users').select(['id', 'name']).where('id', '=', userId).executeTakeFirst();
}

/** A venue named by id when a service is created: it must belong to the service's community. */
export function findVenueCommunity(db: Db | Trx, venueId: number) {
  return db.selectFrom('venues').select(['community_id', 'archived_at']).where('id', '=', venueId).executeTakeFirst();
}

export function servicesOfVolunteer(db: Db | Trx, userId: number) {
  return db.selectFrom('service_volunteers').select('service_id').where('user_id', '=', userId).execute();
}

export async function setUnavailable(trx: Trx, userId: number, sessionIds: number[], unavailable: number[]) {
  if (sessionIds.length)
    await trx
      .deleteFrom('volunteer_unavailability')
      .where('user_id', '=', userId)
      .where('session_id', 'in', sessionIds)
      .execute();
  if (unavailable.length)
    await trx
      .insertInto('volunteer_unavailability')
      .values(unavailable.map((session_id) => ({ session_id, user_id: userId })))
      .execute();
}

/** Pending 请假 on these assignments, so the roster can offer staff the decision where the shift is. */
export function pendingDropsFor(db: Db | Trx, assignmentIds: number[]) {
  if (!assignmentIds.length) return Promise.resolve([]);
  return db
    .selectFrom('rota_changes')
    .select(['id', 'assignment_id', 'reason', 'status'])
    .where('kind', '=', 'drop')
    .where('status', '=', 'pending')
    .where('assignment_id', 'in', assignmentIds)
    .execute();
}

/** An approved 请假 also marks the session unavailable, so regenerating the rota does not put them back. */
export async function markUnavailable(trx: Trx, userId: number, sessionId: number) {
  await trx
    .insertInto('volunteer_unavailability')
    .values({ session_id: sessionId, user_id: userId })
    .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
    .execute();
}

export function unavailabilityFor(db: Db | Trx, sessionIds: number[]) {
  if (!sessionIds.length) return Promise.resolve([]);
  return db.selectFrom('volunteer_unavailability').selectAll().where('session_id', 'in', sessionIds).execute();
}

export function assignmentsFor(db: Db | Trx, sessionIds: number[]) {
  if (!sessionIds.length) return Promise.resolve([]);
  return db
    .selectFrom('rota_assignments')
    .innerJoin('users', 'users.id', 'rota_assignments.user_id')
    .select(['rota_assignments.id', 'rota_assignments.session_id', 'rota_assignments.user_id', 'users.name'])
    .where('rota_assignments.session_id', 'in', sessionIds)
    .orderBy('rota_assignments.id')
    .execute();
}

export async function insertAssignments(trx: Trx, rows: { sessionId: number; userId: number; at: string }[]) {
  for (const r of rows) {
    await trx
      .insertInto('rota_assignments')
      .values({ session_id: r.sessionId, user_id: r.userId, created_at: r.at })
      .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
      .execute();
  }
}

export function findAssignment(db: Db | Trx, id: number) {
  return db
    .selectFrom('rota_assignments')
    .innerJoin('service_sessions', 'service_sessions.id', 'rota_assignments.session_id')
    .select([
      'rota_assignments.id',
      'rota_assignments.session_id',
      'rota_assignments.user_id',
      'service_sessions.service_id',
      'service_sessions.starts_at',
    ])
    .where('rota_assignments.id', '=', id)
    .executeTakeFirst();
}

/** Whether the volunteer is already on this session (a swap must not put them on it twice). */
export function findAssignmentOf(db: Db | Trx, sessionId: number, userId: number) {
  return db
    .selectFrom('rota_assignments')
    .select('id')
    .where('session_id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function reassign(trx: Trx, assignmentId: number, fromUserId: number, toUserId: number): Promise<boolean> {
  const r = await trx
    .updateTable('rota_assignments')
    .set({ user_id: toUserId })
    .where('id', '=', assignmentId)
    .where('user_id', '=', fromUserId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function removeAssignment(trx: Trx, assignmentId: number) {
  await trx.deleteFrom('rota_assignments').where('id', '=', assignmentId).execute();
}

export async function insertChange(
  trx: Trx,
  c: {
    assignmentId: number;
    sessionId: number;
    kind: 'swap' | 'drop';
    fromUserId: number;
    toUserId: number | null;
    reason: string | null;
    at: string;
  },
) {
  const row = await trx
    .insertInto('rota_changes')
    .values({
      assignment_id: c.assignmentId,
      session_id: c.sessionId,
      kind: c.kind,
      from_user_id: c.fromUserId,
      to_user_id: c.toUserId,
      reason: c.reason,
      status: 'pending',
      created_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findChange(db: Db | Trx, id: number) {
  return db.selectFrom('rota_changes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function decideChange(
  trx: Trx,
  id: number,
  to: 'accepted' | 'declined' | 'approved' | 'rejected',
  by: number,
  at: string,
): Promise<boolean> {
  const r = await trx
    .updateTable('rota_changes')
    .set({ status: to, decided_by: by, decided_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function changesFor(db: Db, userId: number) {
  return db
    .selectFrom('rota_changes')
    .innerJoin('users as from_user', 'from_user.id', 'rota_changes.from_user_id')
    .leftJoin('users as to_user', 'to_user.id', 'rota_changes.to_user_id')
    .innerJoin('service_sessions', 'service_sessions.id', 'rota_changes.session_id')
    .select([
      'rota_changes.id',
      'rota_changes.kind',
      'rota_changes.status',
      'rota_changes.assignment_id',
      'rota_changes.from_user_id',
      'from_user.name as from_name',
      'rota_changes.to_user_id',
      'to_user.name as to_name',
      'rota_changes.reason',
      'rota_changes.created_at',
      'service_sessions.date',
      'service_sessions.period',
      'service_sessions.service_id',
    ])
    .where((eb) => eb.or([eb('rota_changes.from_user_id', '=', userId), eb('rota_changes.to_user_id', '=', userId)]))
    .orderBy('rota_changes.id', 'desc')
    .limit(50)
    .execute();
}

export function pendingDrops(db: Db, serviceIds: number[]) {
  if (!serviceIds.length) return Promise.resolve([]);
  return db
    .selectFrom('rota_changes')
    .innerJoin('service_sessions', 'service_sessions.id', 'rota_changes.session_id')
    .innerJoin('users', 'users.id', 'rota_changes.from_user_id')
    .select([
      'rota_changes.id',
      'rota_changes.reason',
      'rota_changes.created_at',
      'users.name',
      'service_sessions.date',
      'service_sessions.period',
      'service_sessions.service_id',
    ])
    .where('rota_changes.kind', '=', 'drop')
    .where('rota_changes.status', '=', 'pending')
    .where('service_sessions.service_id', 'in', serviceIds)
    .execute();
}

/** How many services the communities offer (开通向导). */
export async function countServices(db: Db): Promise<number> {
  const row = await db
    .selectFrom('services')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A session's bookings (not cancelled) by queue number, for the export; `servedOnly`: the served list. */
export function bookingsForExport(db: Db, sessionId: number, servedOnly: boolean) {
  type Row = Awaited<ReturnType<typeof queueOf>>[number] & { member_code: string; community_name: string };
  return keysetPages<Row>((after, limit) =>
    db
      .selectFrom('bookings')
      .innerJoin('residents', 'residents.id', 'bookings.resident_id')
      .innerJoin('communities', 'communities.id', 'residents.community_id')
      .select(QUEUE_COLUMNS)
      .select(['residents.member_code', 'communities.name as community_name'])
      .where('bookings.session_id', '=', sessionId)
      .where('bookings.state', servedOnly ? '=' : '!=', servedOnly ? 'served' : 'cancelled')
      .where('bookings.queue_number', '>', after?.queue_number ?? 0)
      .orderBy('bookings.queue_number')
      .limit(limit)
      .execute(),
  );
}
