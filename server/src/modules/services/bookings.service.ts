import {
  AppError,
  BOOKING_STATE_LABELS,
  bookingLimitText,
  BOOKING_STEPS,
  checkEligibility,
  countyDateOf,
  isBookingLive,
  notEligibleText,
  serviceSessionBookability,
  type BookingState,
  type TBookingCreate,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import type { XlsxColumn, XlsxSheet } from '../../platform/xlsx.js';
import { auditedExport, recordAudit } from '../audit/index.js';
import { ensureActiveResident, findResident } from '../residents/index.js';
import * as repo from './services.repository.js';
import { canBookFor, canCancelBookingFor, canManageService, canRunQueue } from './services.policy.js';

async function volunteerIds(db: AppDeps['db'] | Trx, serviceId: number) {
  return (await repo.volunteersOf(db, serviceId)).map((v) => v.id);
}

type ResidentRow = NonNullable<Awaited<ReturnType<typeof findResident>>>;

/** What a booking is decided on inside its transaction (`bookServiceSession`, and `bookPrepared` once it has a place). */
interface BookingPlan {
  session: repo.ServiceSessionRow;
  service: repo.ServiceRow;
  resident: ResidentRow;
  /** The resident's row for this session, if any (a cancelled one is revived, not inserted again). */
  existing: repo.BookingRow | undefined;
  walkIn: boolean;
  /** The service's volunteers, when they were needed to decide (null: not read). */
  volunteers: number[] | null;
}

/** A booking that passed every check `prepareBooking` could make before the transaction. */
export interface PreparedBooking {
  sessionId: number;
  residentId: number;
  walkIn: boolean;
}

/**
 * Who may book, deciding without the volunteer list when it cannot change the answer: a resident
 * booking for themself (the whole flash crowd) is allowed by `canBookFor` whatever the list says,
 * and only a walk-in needs `canRunQueue`. The list is read only for someone acting for another.
 */
async function checkMayBook(
  db: AppDeps['db'] | Trx,
  actor: Actor,
  resident: { id: number; community_id: number },
  service: { id: number; community_id: number },
  { walkIn, authorised }: { walkIn: boolean; authorised: boolean },
): Promise<number[] | null> {
  // `authorised`: the caller has already decided who may act (the clinic link from another queue).
  if (authorised) return null;
  if (actor.resident?.id === resident.id && !walkIn) return null;
  const volunteers = await volunteerIds(db, service.id);
  if (!canBookFor(actor, resident, service, volunteers)) throw new AppError('FORBIDDEN');
  // A walk-in number is handed out where the queue is: by whoever runs it, not by a desk elsewhere.
  if (walkIn && !canRunQueue(actor, service, volunteers))
    throw new AppError('FORBIDDEN', { message: '现场取号请到服务台' });
  return volunteers;
}

/**
 * The refusals that depend on the session, the service and the resident, not on the places left:
 * closed, not open yet, not eligible on the service date. 'full' is decided after these (and after
 * ALREADY_BOOKED): someone who may not book at all hears why (NOT_ELIGIBLE), not that the places are gone.
 */
function refusalOf(
  session: repo.ServiceSessionRow,
  service: { community_id: number; min_age: number | null },
  resident: { birth_date: string; community_id: number },
  walkIn: boolean,
  now: Date,
): AppError | null {
  const bookability = serviceSessionBookability(
    {
      status: session.status,
      bookingOpensAt: session.booking_opens_at,
      endsAt: session.ends_at,
      capacity: session.capacity,
      booked: session.booked,
    },
    now,
    { walkIn },
  );
  if (bookability === 'cancelled' || bookability === 'past') return new AppError('SESSION_CLOSED');
  if (bookability === 'not_open')
    return new AppError('BOOKING_NOT_OPEN', { extra: { opensAt: session.booking_opens_at } });
  const eligible = checkEligibility(
    { birthDate: resident.birth_date, communityId: resident.community_id },
    { communityId: service.community_id, eligibility: { minAge: service.min_age, scope: session.scope } },
    session.date,
  );
  if (!eligible.ok) {
    return new AppError('NOT_ELIGIBLE', {
      extra: { reason: eligible.reason, minAge: service.min_age },
      message: notEligibleText(eligible.reason, service.min_age),
    });
  }
  return null;
}

function ensureNotBooked(existing: { state: BookingState; queue_number: number } | undefined) {
  if (existing && isBookingLive(existing.state))
    throw new AppError('ALREADY_BOOKED', { extra: { queueNumber: existing.queue_number } });
}

const sessionMissing = () =>
  new AppError('VALIDATION_FAILED', { details: [{ field: 'sessionId', message: '场次不存在' }] });
const residentMissing = () =>
  new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '居民不存在' }] });
const residentNotChosen = () =>
  new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '请选择为哪位居民预约' }] });

/**
 * Everything a booking can be refused for, decided before the write lock (as check-ins are,
 * `prepareCheckIn`): on SQLite the transaction is the single writer, and in a flash crowd 1,975
 * of 2,000 requests are refused. One read (`bookingFacts`) gives the session, the service's
 * community and age, the resident and their row; the volunteer list is read only when it can
 * change the answer; and a session full in this read is refused here (SESSION_FULL), a friendly
 * pre-check in front of `takePlace`'s conditional UPDATE, which decides for the requests that get
 * through. `bookPrepared` then writes.
 */
export async function prepareBooking({
  deps,
  actor,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  data: TBookingCreate;
}): Promise<PreparedBooking> {
  const residentId = data.residentId ?? actor.resident?.id;
  if (!residentId) {
    // Which is missing, in the order the form is read: the session first.
    if (!(await repo.findServiceSession(deps.db, data.sessionId))) throw sessionMissing();
    throw residentNotChosen();
  }
  const facts = await repo.bookingFacts(deps.db, data.sessionId, residentId);
  if (!facts) throw sessionMissing();
  if (facts.resident_id == null || facts.resident_community_id == null || facts.resident_birth_date == null)
    throw residentMissing();
  ensureActiveResident({ archived_at: facts.resident_archived_at });
  const walkIn = !!data.walkIn;
  const resident = { id: residentId, community_id: facts.resident_community_id, birth_date: facts.resident_birth_date };
  const service = { id: facts.service_id, community_id: facts.service_community_id, min_age: facts.service_min_age };
  await checkMayBook(deps.db, actor, resident, service, { walkIn, authorised: false });
  const refusal = refusalOf(facts, service, resident, walkIn, deps.clock.now());
  if (refusal) throw refusal;
  ensureNotBooked(
    facts.booking_state == null || facts.booking_queue_number == null
      ? undefined
      : { state: facts.booking_state, queue_number: facts.booking_queue_number },
  );
  if (facts.booked >= facts.capacity) throw new AppError('SESSION_FULL');
  return { sessionId: facts.id, residentId, walkIn };
}

/**
 * Books what `prepareBooking` let through. The place is taken first, by the conditional UPDATE
 * that guarantees the capacity, which also returns the session as it now stands; only a request
 * that got a place re-reads the service, the resident and their row inside the transaction and is
 * judged again on them (a refusal rolls the place back), so no booking is written on a stale read
 * (a scope edited, a resident archived, a second tap), and one that finds the session full costs
 * the writer one UPDATE (and one read to name the refusal).
 */
export async function bookPrepared(
  trx: Trx,
  deps: AppDeps,
  { actor, prepared }: { actor: Actor; prepared: PreparedBooking },
) {
  const session = await repo.takePlace(trx, prepared.sessionId);
  if (!session) {
    // The last places went to others since the read, or the session was cancelled.
    const current = await repo.findServiceSession(trx, prepared.sessionId);
    throw new AppError(current?.status === 'open' ? 'SESSION_FULL' : 'SESSION_CLOSED');
  }
  const service = (await repo.findService(trx, session.service_id))!;
  const resident = await findResident(trx, prepared.residentId);
  if (!resident) throw residentMissing();
  ensureActiveResident(resident);
  const { walkIn } = prepared;
  const volunteers = await checkMayBook(trx, actor, resident, service, { walkIn, authorised: false });
  const refusal = refusalOf(session, service, resident, walkIn, deps.clock.now());
  if (refusal) throw refusal;
  const existing = await repo.findBookingOf(trx, session.id, resident.id);
  ensureNotBooked(existing);
  return writeBooking(
    trx,
    deps,
    actor,
    { session, service, resident, existing, walkIn, volunteers },
    session.queue_seq,
  );
}

/** Reads what the booking is decided on, inside the caller's transaction, and refuses what can be refused from it. */
async function planBooking(
  trx: Trx,
  deps: AppDeps,
  { actor, data, authorised }: { actor: Actor; data: TBookingCreate; authorised: boolean },
): Promise<BookingPlan> {
  const session = await repo.findServiceSession(trx, data.sessionId);
  if (!session) throw sessionMissing();
  const service = (await repo.findService(trx, session.service_id))!;
  const residentId = data.residentId ?? actor.resident?.id;
  if (!residentId) throw residentNotChosen();
  const resident = await findResident(trx, residentId);
  if (!resident) throw residentMissing();
  ensureActiveResident(resident);
  const walkIn = !!data.walkIn;
  const volunteers = await checkMayBook(trx, actor, resident, service, { walkIn, authorised });
  const refusal = refusalOf(session, service, resident, walkIn, deps.clock.now());
  if (refusal) throw refusal;
  const existing = await repo.findBookingOf(trx, session.id, resident.id);
  ensureNotBooked(existing);
  return { session, service, resident, existing, walkIn, volunteers };
}

/**
 * Books a place (预约) inside the caller's transaction, with every read in it (the walk-in from
 * another queue, the demo). Everything that can be decided without writing is decided first
 * (session open, booking window, eligibility on the service date, already booked); then one
 * conditional UPDATE takes the place and the queue number, a monthly limit is used by conditional
 * upsert, and the booking row is inserted under the unique (session, resident) key — so a flash
 * crowd gets exactly `capacity` bookings, nobody twice.
 */
export async function bookServiceSession(
  trx: Trx,
  deps: AppDeps,
  { actor, data, authorised = false }: { actor: Actor; data: TBookingCreate; authorised?: boolean },
) {
  // 'full' is left to the conditional UPDATE: in one transaction the read would only repeat it.
  const plan = await planBooking(trx, deps, { actor, data, authorised });
  const taken = await repo.takePlace(trx, plan.session.id);
  if (!taken) throw new AppError('SESSION_FULL');
  return writeBooking(trx, deps, actor, plan, taken.queue_seq);
}

/** The writes once the place is taken: the month's limit, the row, and the audit entry of a booking for someone else. */
async function writeBooking(trx: Trx, deps: AppDeps, actor: Actor, plan: BookingPlan, queueNumber: number) {
  const { session, service, resident, existing, walkIn } = plan;
  if (
    service.monthly_limit != null &&
    !(await repo.takeLimitUse(trx, {
      residentId: resident.id,
      serviceId: service.id,
      month: session.date.slice(0, 7),
      limit: service.monthly_limit,
    }))
  ) {
    throw new AppError('LIMIT_REACHED', {
      extra: { limit: service.monthly_limit },
      message: bookingLimitText(service.monthly_limit),
    });
  }
  const at = deps.clock.now().toISOString();
  const bookedBy = actor.resident?.id === resident.id ? null : actor.userId;
  let id: number;
  if (existing) {
    if (!(await repo.reviveBooking(trx, existing.id, { queueNumber, walkIn, bookedBy, at })))
      throw new AppError('ALREADY_BOOKED');
    id = existing.id;
  } else {
    id = await repo.insertBooking(trx, {
      sessionId: session.id,
      serviceId: service.id,
      residentId: resident.id,
      queueNumber,
      walkIn,
      bookedBy,
      at,
    });
  }
  if (bookedBy) {
    const volunteers = plan.volunteers ?? (await volunteerIds(trx, service.id));
    await recordAudit(trx, deps, actor, {
      action: walkIn ? 'service.walkin' : 'service.book',
      targetType: 'booking',
      targetId: id,
      // a desk booking its own resident into another community's service is that desk's act
      communityId: canRunQueue(actor, service, volunteers) ? service.community_id : resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `为 ${resident.name} ${walkIn ? '现场取号' : '预约'}「${service.name}」${session.date} ${session.period}，${queueNumber}号`,
    });
  }
  return { id, queueNumber, sessionId: session.id };
}

/** Cancelling frees the place (and its use of the month's limit) at once, for the next person. */
export async function cancelBooking({ deps, actor, bookingId }: { deps: AppDeps; actor: Actor; bookingId: number }) {
  return deps.db.transaction().execute(async (trx) => {
    const booking = await repo.findBooking(trx, bookingId);
    if (!booking || !isBookingLive(booking.state)) throw new AppError('NOT_FOUND');
    const service = (await repo.findService(trx, booking.service_id))!;
    const session = (await repo.findServiceSession(trx, booking.session_id))!;
    const own = actor.resident?.id === booking.resident_id;
    const resident = (await findResident(trx, booking.resident_id))!;
    if (!canCancelBookingFor(actor, resident, service, await volunteerIds(trx, service.id)))
      throw new AppError('FORBIDDEN');
    const at = deps.clock.now().toISOString();
    if (!(await repo.cancelBooking(trx, bookingId, at)))
      throw new AppError('INVALID_STATE', { message: '已经叫号或服务过的预约不能取消' });
    await repo.releasePlace(trx, booking.session_id);
    if (service.monthly_limit != null)
      await repo.releaseLimitUse(trx, {
        residentId: booking.resident_id,
        serviceId: service.id,
        month: session.date.slice(0, 7),
      });
    if (!own) {
      await recordAudit(trx, deps, actor, {
        action: 'service.booking.cancel',
        targetType: 'booking',
        targetId: bookingId,
        communityId: service.community_id,
        onBehalfResidentId: booking.resident_id,
        summary: `取消「${service.name}」${session.date} ${session.period} 的预约`,
      });
    }
  });
}

/** The signed-in resident's bookings (the latest 50). */
export async function myBookings({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  if (!actor.resident) throw new AppError('FORBIDDEN', { message: '只有居民账号有预约' });
  return repo.bookingsOfResident(deps.db, actor.resident.id);
}

// The day's queue (叫号) ------------------------------------------------------------------------------

async function queueContext(db: AppDeps['db'] | Trx, actor: Actor, sessionId: number) {
  const session = await repo.findServiceSession(db, sessionId);
  if (!session) throw new AppError('NOT_FOUND');
  const service = (await repo.findService(db, session.service_id))!;
  if (!canRunQueue(actor, service, await volunteerIds(db, service.id))) throw new AppError('FORBIDDEN');
  return { session, service };
}

export async function queueView({ deps, actor, sessionId }: { deps: AppDeps; actor: Actor; sessionId: number }) {
  const { session, service } = await queueContext(deps.db, actor, sessionId);
  const entries = await repo.queueOf(deps.db, sessionId);
  const alsoToday = await repo.otherBookingsOnDate(
    deps.db,
    entries.map((e) => e.resident_id),
    session.date,
    sessionId,
  );
  // Only sessions running alongside this one: the resident goes next door while waiting, not this afternoon.
  const companions = (
    await repo.companionServiceSessions(deps.db, service.community_id, session.date, service.id)
  ).filter(
    (c) =>
      Date.parse(c.ends_at) > deps.clock.now().getTime() &&
      c.starts_at < session.ends_at &&
      c.ends_at > session.starts_at,
  );
  return { session, service, entries, alsoToday, companions };
}

/**
 * 理发、问诊两不误: someone waiting in this queue takes a number in a session of another service
 * the same day (the 健康小屋), from the same screen. Whoever runs this queue, or the resident
 * themself, may do it; the other service's own rules (eligibility, places) still apply.
 */
export async function takeCompanionNumber({
  deps,
  actor,
  bookingId,
  sessionId,
}: {
  deps: AppDeps;
  actor: Actor;
  bookingId: number;
  sessionId: number;
}) {
  return deps.db.transaction().execute(async (trx) => {
    const booking = await repo.findBooking(trx, bookingId);
    if (!booking || !isBookingLive(booking.state)) throw new AppError('NOT_FOUND');
    const from = (await repo.findServiceSession(trx, booking.session_id))!;
    const fromService = (await repo.findService(trx, booking.service_id))!;
    const own = actor.resident?.id === booking.resident_id;
    if (!own && !canRunQueue(actor, fromService, await volunteerIds(trx, fromService.id)))
      throw new AppError('FORBIDDEN');
    if (booking.state === 'served' || booking.state === 'no_show')
      throw new AppError('INVALID_STATE', { message: '这位居民今天已经服务完了' });
    const target = await repo.findServiceSession(trx, sessionId);
    const sameDay =
      target &&
      target.date === from.date &&
      target.service_id !== fromService.id &&
      (await repo.findService(trx, target.service_id))!.community_id === fromService.community_id;
    if (!sameDay)
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: 'sessionId', message: '请选择本社区当天另一项服务的场次' }],
      });
    return bookServiceSession(trx, deps, {
      actor,
      data: { sessionId, residentId: booking.resident_id, walkIn: true },
      authorised: true,
    });
  });
}

/** Calls the next number: the one before is considered served only when the barber says so. */
export async function callNext({ deps, actor, sessionId }: { deps: AppDeps; actor: Actor; sessionId: number }) {
  return deps.db.transaction().execute(async (trx) => {
    await queueContext(trx, actor, sessionId);
    const at = deps.clock.now().toISOString();
    for (;;) {
      const next = await repo.nextInQueue(trx, sessionId);
      if (!next) return { called: null };
      if (await repo.stepBooking(trx, next.id, 'call', { called_at: at }, at)) {
        const resident = (await findResident(trx, next.resident_id))!;
        return { called: { bookingId: next.id, queueNumber: next.queue_number, name: resident.name } };
      }
    }
  });
}

type QueueMove = 'away' | 'back' | 'no_show';
const STEP_OF: Record<QueueMove, 'away' | 'back' | 'noShow'> = { away: 'away', back: 'back', no_show: 'noShow' };

/** 暂离 (stepped out to the 健康小屋), back (called before new numbers), or did not come. */
export async function moveInQueue({
  deps,
  actor,
  bookingId,
  move,
}: {
  deps: AppDeps;
  actor: Actor;
  bookingId: number;
  move: QueueMove;
}) {
  const booking = await repo.findBooking(deps.db, bookingId);
  if (!booking || !isBookingLive(booking.state)) throw new AppError('NOT_FOUND');
  return deps.db.transaction().execute(async (trx) => {
    await queueContext(trx, actor, booking.session_id);
    const at = deps.clock.now().toISOString();
    const step = STEP_OF[move];
    if (!(await repo.stepBooking(trx, bookingId, step, step === 'back' ? { returned_at: at } : {}, at)))
      throw new AppError('INVALID_STATE');
    return { bookingId, state: BOOKING_STEPS[step].to };
  });
}

/** Served, with the fee paid (the 1-yuan haircut), for the day's cash summary. */
export async function attend({
  deps,
  actor,
  bookingId,
  feePaidFen,
}: {
  deps: AppDeps;
  actor: Actor;
  bookingId: number;
  feePaidFen: number;
}) {
  const booking = await repo.findBooking(deps.db, bookingId);
  if (!booking || !isBookingLive(booking.state)) throw new AppError('NOT_FOUND');
  return deps.db.transaction().execute(async (trx) => {
    const { service } = await queueContext(trx, actor, booking.session_id);
    const at = deps.clock.now().toISOString();
    if (!(await repo.stepBooking(trx, bookingId, 'serve', { served_at: at, fee_paid_fen: feePaidFen }, at)))
      throw new AppError('INVALID_STATE', { message: '这位已经服务过了' });
    await recordAudit(trx, deps, actor, {
      action: 'service.attend',
      targetType: 'booking',
      targetId: bookingId,
      communityId: service.community_id,
      onBehalfResidentId: booking.resident_id,
      summary: `「${service.name}」${booking.queue_number}号完成，收费 ${(feePaidFen / 100).toFixed(2)} 元`,
    });
    return { bookingId, state: BOOKING_STEPS.serve.to, feePaidFen };
  });
}

/** The waiting-hall display: numbers only, no names. */
export async function displayBoard({ deps, sessionId }: { deps: AppDeps; sessionId: number }) {
  const session = await repo.findServiceSession(deps.db, sessionId);
  if (!session) throw new AppError('NOT_FOUND');
  const service = (await repo.findService(deps.db, session.service_id))!;
  const entries = await repo.queueOf(deps.db, sessionId);
  const called = entries
    .filter((e) => e.state === 'called')
    .sort((a, b) => (b.called_at ?? '').localeCompare(a.called_at ?? ''));
  const waiting = entries
    .filter((e) => e.state === 'waiting')
    .sort(
      (a, b) =>
        (a.returned_at ? 0 : 1) - (b.returned_at ? 0 : 1) ||
        (a.returned_at ?? '').localeCompare(b.returned_at ?? '') ||
        a.queue_number - b.queue_number,
    );
  return {
    service: {
      id: service.id,
      name: service.name,
      venue: service.venue_name,
      residentNote: service.resident_note,
      companionNote: service.companion_note,
    },
    session: {
      id: session.id,
      date: session.date,
      period: session.period,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
    },
    current: called[0]?.queue_number ?? null,
    next: waiting.slice(0, 5).map((e) => e.queue_number),
    away: entries.filter((e) => e.state === 'away').map((e) => e.queue_number),
    servedCount: entries.filter((e) => e.state === 'served').length,
  };
}

export function todayOf(deps: AppDeps) {
  return countyDateOf(deps.clock.now());
}

// Exports (导出) ---------------------------------------------------------------------------------

interface BookingSheetRow {
  queue_number: number;
  name: string;
  member_code: string;
  community_name: string;
  state_label: string;
  walk_in_label: string;
  called_at: string | null;
  served_at: string | null;
  fee_paid_fen: number | null;
}

const BOOKING_COLUMNS: XlsxColumn<BookingSheetRow>[] = [
  { header: '号码', key: 'queue_number', width: 6, kind: 'integer' },
  { header: '姓名', key: 'name', width: 10, kind: 'text' },
  { header: '会员号', key: 'member_code', width: 14, kind: 'text' },
  { header: '社区', key: 'community_name', width: 16, kind: 'text' },
  { header: '状态', key: 'state_label', width: 8, kind: 'text' },
  { header: '预约方式', key: 'walk_in_label', width: 10, kind: 'text' },
  { header: '叫号时间', key: 'called_at', width: 18, kind: 'datetime' },
  { header: '完成时间', key: 'served_at', width: 18, kind: 'datetime' },
  { header: '收费（元）', key: 'fee_paid_fen', width: 10, kind: 'yuan' },
];

/**
 * A session's bookings (or, `servedOnly`, its served list) as Excel. Whoever runs the queue may see it on the
 * screen, but a file of residents is the staff's: the volunteer barbers of the pool get 403 here.
 */
export async function exportBookings({
  deps,
  actor,
  sessionId,
  servedOnly,
}: {
  deps: AppDeps;
  actor: Actor;
  sessionId: number;
  servedOnly: boolean;
}) {
  const { session, service } = await queueContext(deps.db, actor, sessionId);
  if (!canManageService(actor, service)) throw new AppError('FORBIDDEN');
  const rows = async function* (): AsyncGenerator<BookingSheetRow> {
    for await (const b of repo.bookingsForExport(deps.db, sessionId, servedOnly)) {
      yield {
        ...b,
        state_label: BOOKING_STATE_LABELS[b.state],
        walk_in_label: b.walk_in === 1 ? '现场登记' : '预约',
      };
    }
  };
  const what = servedOnly ? '服务完成名单' : '预约名单';
  const when = `${session.date} ${session.period}`;
  return {
    filename: `${what}-${service.name}-${session.date}`,
    sheetName: what,
    columns: BOOKING_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      {
        what,
        filters: { 服务: service.name, 场次: when },
        targetType: 'service_session',
        targetId: session.id,
        communityId: service.community_id,
      },
      rows(),
    ),
  } satisfies XlsxSheet<BookingSheetRow>;
}
