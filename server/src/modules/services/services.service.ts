import {
  AppError,
  bookingOpensAt,
  countyDateOf,
  countyDaysWindow,
  describeCountyTimeRange,
  generateServiceSessions,
  planRegeneration,
  type ScheduleRule,
  type TServiceChange,
  type TServiceCreate,
  type TServiceUpdate,
} from '@zhongli/domain';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity, holidayCalendar } from '../communities/index.js';
import { notify } from '../notifications/index.js';
import { openCallList } from '../calls/index.js';
import * as repo from './services.repository.js';
import { canManageService } from './services.policy.js';

/** Sessions exist this far ahead; the hourly sweep and every read extend the horizon. */
export const SERVICE_SESSION_HORIZON_DAYS = 62;
const DAY_MS = 86_400_000;

export function scheduleOf(service: { schedule: string }): ScheduleRule {
  return JSON.parse(service.schedule) as ScheduleRule;
}

export async function createService({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TServiceCreate }) {
  if (!(await findCommunity(deps.db, data.communityId)))
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'communityId', message: '社区不存在' }] });
  if (!canManageService(actor, { community_id: data.communityId })) throw new AppError('FORBIDDEN');
  const venueId = typeof data.venue === 'number' ? data.venue : null;
  await checkVenue(deps, venueId, data.communityId);
  const schedule = scheduleRuleOf(data.schedule);
  return await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertService(trx, {
      community_id: data.communityId,
      name: data.name,
      venue_id: venueId,
      price_fen: data.priceFen,
      schedule: JSON.stringify(schedule),
      holiday_policy: data.holidayPolicy,
      min_age: data.eligibility.minAge,
      scope: data.eligibility.scope,
      booking_days_ahead: data.bookingOpensDaysAhead,
      booking_time: data.bookingOpensAt,
      volunteers_per_session: data.volunteersPerSession,
      monthly_limit: data.monthlyLimit ?? null,
      resident_note: data.residentNote || null,
      companion_note: data.companionNote || null,
      created_at: deps.clock.now().toISOString(),
    });
    await ensureServiceSessionsWithin(trx, deps, (await repo.findService(trx, id))!);
    await recordAudit(trx, deps, actor, {
      action: 'service.create',
      targetType: 'service',
      targetId: id,
      communityId: data.communityId,
      summary: `新建服务「${data.name}」`,
    });
    return { id };
  });
}

function scheduleRuleOf(schedule: NonNullable<TServiceUpdate['schedule']>): ScheduleRule {
  return schedule.daysOfMonth
    ? { kind: 'monthly', daysOfMonth: schedule.daysOfMonth, sessions: schedule.sessions }
    : { kind: 'weekly', weekdays: schedule.weekdays!, sessions: schedule.sessions };
}

async function checkVenue(deps: AppDeps, venueId: number | null, communityId: number) {
  if (!venueId) return;
  const venue = await repo.findVenueCommunity(deps.db, venueId);
  if (!venue || venue.community_id !== communityId)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'venue', message: '场地不存在或不属于本社区' }] });
  // an archived venue keeps what it had but takes nothing new
  if (venue.archived_at)
    throw new AppError('VENUE_ARCHIVED', { details: [{ field: 'venue', message: '该场地已归档，请选择其他场地' }] });
}

/**
 * The sessions the service's rule asks for from today's county date to the horizon, with the
 * county's holiday calendar (a moved session may land a few days past the horizon's rule dates).
 */
async function desiredSessions(trx: Trx, service: repo.ServiceRow, now: Date) {
  const from = countyDateOf(now);
  const to = countyDateOf(new Date(now.getTime() + SERVICE_SESSION_HORIZON_DAYS * DAY_MS));
  const calendar = await holidayCalendar(trx, from);
  const sessions = generateServiceSessions(scheduleOf(service), from, to, {
    calendar,
    holidayPolicy: service.holiday_policy,
  });
  return {
    // a session moved past a holiday may start after the horizon's last day
    until: [countyDaysWindow(to).to, ...sessions.map((s) => s.endsAt)].sort().at(-1)!,
    sessions: sessions.map((s) => ({
      ...s,
      bookingOpensAt: bookingOpensAt(s.date, { daysAhead: service.booking_days_ahead, time: service.booking_time }),
    })),
  };
}

/** Generates the service's sessions from today to the horizon (idempotent: existing ones are kept as they are). */
async function ensureServiceSessionsWithin(trx: Trx, deps: AppDeps, service: repo.ServiceRow) {
  const { sessions } = await desiredSessions(trx, service, deps.clock.now());
  await repo.insertServiceSessions(
    trx,
    sessions.map((s) => ({
      service_id: service.id,
      date: s.date,
      period: s.period,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      capacity: s.capacity,
      booking_opens_at: s.bookingOpensAt,
      scope: service.scope,
    })),
  );
}

/**
 * The hourly sweep: keeps every service's sessions generated to the horizon and in line with its
 * rule and the county's holiday calendar — a day the center marks off loses its unbooked sessions
 * (booked ones stay for staff to call off with a reason, which tells the residents).
 */
export async function ensureAllServiceSessions(deps: AppDeps) {
  const services = await repo.listServices(deps.db);
  for (const { id } of services)
    await deps.db.transaction().execute(async (trx) => {
      // The list is only which services there are: an edit saved since then must not be undone by
      // regenerating from the rule as it was when the sweep began.
      const service = await repo.lockService(trx, id);
      if (service) await regenerateSessions(trx, service, deps.clock.now());
    });
}

/** Thrown inside the preview's transaction so that everything it did is rolled back. */
class PreviewDone extends Error {
  constructor(readonly change: TServiceChange) {
    super('preview');
  }
}

/**
 * Edits a service. Schedule, places, holiday policy and booking-open changes regenerate the future
 * sessions nobody booked (planRegeneration); booked, cancelled and past sessions stay as they are.
 * A scope change reaches sessions not yet open, and with `applyToOpenSessions` open ones that still
 * have places. `dryRun` runs the very same edit and rolls it back, so the preview is what a save does.
 */
export async function updateService({
  deps,
  actor,
  serviceId,
  data,
  dryRun = false,
}: {
  deps: AppDeps;
  actor: Actor;
  serviceId: number;
  data: TServiceUpdate;
  dryRun?: boolean;
}): Promise<{ service: repo.ServiceRow; change: TServiceChange }> {
  const service = await repo.findService(deps.db, serviceId);
  if (!service) throw new AppError('NOT_FOUND');
  if (!canManageService(actor, service)) throw new AppError('FORBIDDEN');
  // a service already at a venue archived since keeps it through edits that do not move it
  if (data.venue !== undefined && data.venue !== service.venue_id)
    await checkVenue(deps, data.venue, service.community_id);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      // the same turn the hourly sweep takes, so neither regenerates from a row the other is changing
      const before = (await repo.lockService(trx, serviceId))!;
      await repo.updateService(trx, serviceId, {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.venue !== undefined ? { venue_id: data.venue } : {}),
        ...(data.schedule ? { schedule: JSON.stringify(scheduleRuleOf(data.schedule)) } : {}),
        ...(data.holidayPolicy ? { holiday_policy: data.holidayPolicy } : {}),
        ...(data.eligibility ? { min_age: data.eligibility.minAge, scope: data.eligibility.scope } : {}),
        ...(data.priceFen !== undefined ? { price_fen: data.priceFen } : {}),
        ...(data.bookingOpensDaysAhead !== undefined ? { booking_days_ahead: data.bookingOpensDaysAhead } : {}),
        ...(data.bookingOpensAt !== undefined ? { booking_time: data.bookingOpensAt } : {}),
        ...(data.volunteersPerSession !== undefined ? { volunteers_per_session: data.volunteersPerSession } : {}),
        ...(data.monthlyLimit !== undefined ? { monthly_limit: data.monthlyLimit } : {}),
        ...(data.residentNote !== undefined ? { resident_note: data.residentNote || null } : {}),
        ...(data.companionNote !== undefined ? { companion_note: data.companionNote || null } : {}),
      });
      const updated = (await repo.findService(trx, serviceId))!;
      const change = await regenerateSessions(trx, updated, now);
      if (data.eligibility && data.eligibility.scope !== before.scope)
        await repo.setScopeOfUnopenedServiceSessions(trx, serviceId, updated.scope, now.toISOString());
      // Whenever asked, not only in the edit that changes the scope: staff may widen first and let the
      // open sessions follow later.
      if (data.applyToOpenSessions)
        change.scopeWidenedOpen = await repo.setScopeOfOpenSessionsWithPlaces(
          trx,
          serviceId,
          updated.scope,
          now.toISOString(),
        );
      if (dryRun) throw new PreviewDone(change);
      await recordAudit(trx, deps, actor, {
        action: 'service.update',
        targetType: 'service',
        targetId: serviceId,
        communityId: service.community_id,
        summary: `修改服务「${updated.name}」：${changeSummary(data, change)}`,
      });
      return { service: updated, change };
    });
  } catch (e) {
    if (e instanceof PreviewDone) return { service, change: e.change };
    throw e;
  }
}

function changeSummary(data: TServiceUpdate, change: TServiceChange): string {
  const parts: string[] = [];
  if (data.eligibility)
    parts.push(
      `对象 ${data.eligibility.scope === 'county' ? '全县' : '本社区'}${data.eligibility.minAge ? `${data.eligibility.minAge}岁以上` : ''}`,
    );
  if (change.added.length || change.updated.length || change.removed.length)
    parts.push(`场次 新增${change.added.length} 调整${change.updated.length} 删除${change.removed.length}`);
  if (change.kept.length) parts.push(`已有预约保留${change.kept.length}场`);
  if (change.scopeWidenedOpen) parts.push(`已开放场次放宽${change.scopeWidenedOpen}场`);
  return parts.length ? parts.join('；') : '基本信息';
}

/**
 * Brings the future sessions in line with the service's rule. A session someone books while this
 * runs is claimed by a conditional write (repo.removeUnbookedSession / reshapeUnbookedSession):
 * when the claim fails the session is kept, and reported so.
 */
async function regenerateSessions(trx: Trx, service: repo.ServiceRow, now: Date): Promise<TServiceChange> {
  const nowIso = now.toISOString();
  const desired = await desiredSessions(trx, service, now);
  const existing = await repo.futureSessionsWithPins(trx, service.id, nowIso, desired.until);
  const plan = planRegeneration(
    existing.map((e) => ({
      id: e.id,
      date: e.date,
      period: e.period,
      startsAt: e.starts_at,
      endsAt: e.ends_at,
      capacity: e.capacity,
      bookingOpensAt: e.booking_opens_at,
      pinned: !!e.pinned,
    })),
    desired.sessions,
    nowIso,
  );
  const ref = (s: { date: string; period: string }) => ({ date: s.date, period: s.period });
  const change: TServiceChange = { added: [], updated: [], removed: [], kept: plan.keep.map(ref), scopeWidenedOpen: 0 };
  for (const s of plan.remove) {
    if (await repo.removeUnbookedSession(trx, s.id)) change.removed.push(ref(s));
    else change.kept.push(ref(s));
  }
  for (const s of plan.update) {
    const row = { starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity, booking_opens_at: s.bookingOpensAt };
    if (await repo.reshapeUnbookedSession(trx, s.id, row)) change.updated.push(ref(s));
    else change.kept.push(ref(s));
  }
  await repo.insertServiceSessions(
    trx,
    plan.add.map((s) => ({
      service_id: service.id,
      date: s.date,
      period: s.period,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      capacity: s.capacity,
      booking_opens_at: s.bookingOpensAt,
      scope: service.scope,
    })),
  );
  change.added = plan.add.map(ref);
  return change;
}

/** 本月已约 up front: the signed-in resident's monthly use of a service, from this month on. */
export async function myServiceUsage({ deps, actor, serviceId }: { deps: AppDeps; actor: Actor; serviceId: number }) {
  const service = await repo.findService(deps.db, serviceId);
  if (!service) throw new AppError('NOT_FOUND');
  const residentId = actor.resident?.id;
  const rows = residentId
    ? await repo.limitUseOf(deps.db, residentId, serviceId, countyDateOf(deps.clock.now()).slice(0, 7))
    : [];
  return { monthlyLimit: service.monthly_limit, months: rows.map((r) => ({ month: r.month, used: r.count })) };
}

export async function serviceSessionsOf({
  deps,
  serviceId,
  from,
  to,
}: {
  deps: AppDeps;
  serviceId: number;
  from?: string;
  to?: string;
}) {
  const service = await repo.findService(deps.db, serviceId);
  if (!service) throw new AppError('NOT_FOUND');
  // Reads never write: the sweep (and creating or changing a service) keeps sessions generated ahead.
  const now = deps.clock.now();
  const window = countyDaysWindow(from ?? countyDateOf(now), to ?? countyDateOf(new Date(now.getTime() + 45 * DAY_MS)));
  return { service, sessions: await repo.listServiceSessions(deps.db, [serviceId], window.from, window.to) };
}

/** A service's sessions starting in [from, to) (instants), in time order: for the demo county's seeding. */
export function serviceSessionsStartingBetween({
  deps,
  serviceId,
  from,
  to,
}: {
  deps: AppDeps;
  serviceId: number;
  from: string;
  to: string;
}) {
  return repo.listServiceSessions(deps.db, [serviceId], from, to);
}

/** A session called off (holiday, illness): its residents are told in the app. */
export async function cancelServiceSession({
  deps,
  actor,
  sessionId,
  reason,
}: {
  deps: AppDeps;
  actor: Actor;
  sessionId: number;
  reason: string;
}) {
  const session = await repo.findServiceSession(deps.db, sessionId);
  if (!session) throw new AppError('NOT_FOUND');
  const service = (await repo.findService(deps.db, session.service_id))!;
  if (!canManageService(actor, service)) throw new AppError('FORBIDDEN');
  return deps.db.transaction().execute(async (trx) => {
    if (!(await repo.cancelServiceSession(trx, sessionId, reason))) throw new AppError('SESSION_CLOSED');
    const residents = (await repo.bookedResidentIds(trx, sessionId)).map((r) => r.resident_id);
    await notify(trx, deps, residents, {
      kind: 'session.cancelled',
      title: `${service.name} ${session.date} ${session.period} 暂停`,
      body: reason,
      link: '/me/bookings',
    });
    const callList = await openCallList(trx, deps, actor, {
      kind: 'session.cancelled',
      subject: { type: 'service_session', id: sessionId },
      communityId: service.community_id,
      title: `${service.name}暂停：${session.date} ${session.period}`,
      message: `预约的「${service.name}」${describeCountyTimeRange(session.starts_at, session.ends_at)}（${session.period}）这一场暂停了。原因：${reason}`,
      people: residents.map((residentId) => ({ residentId, role: 'booked' as const })),
    });
    await recordAudit(trx, deps, actor, {
      action: 'service.session.cancel',
      targetType: 'service_session',
      targetId: sessionId,
      communityId: service.community_id,
      summary: `取消「${service.name}」${session.date} ${session.period}：${reason}`,
    });
    return { id: sessionId, status: 'cancelled' as const, told: residents.length, callList };
  });
}

export async function cashSummary({
  deps,
  actor,
  serviceId,
  date,
}: {
  deps: AppDeps;
  actor: Actor;
  serviceId: number;
  date: string;
}) {
  const service = await repo.findService(deps.db, serviceId);
  if (!service) throw new AppError('NOT_FOUND');
  if (!canManageService(actor, service)) throw new AppError('FORBIDDEN');
  const { from, to } = countyDaysWindow(date);
  const rows = await repo.servedOn(deps.db, serviceId, from, to);
  const byPeriod = rows.map((r) => ({ period: r.period, served: Number(r.served), feesFen: Number(r.fees ?? 0) }));
  return {
    date,
    served: byPeriod.reduce((s, r) => s + r.served, 0),
    feesFen: byPeriod.reduce((s, r) => s + r.feesFen, 0),
    byPeriod,
  };
}

/** Every service, for the public list. */
export function listAllServices(deps: AppDeps) {
  return repo.listServices(deps.db);
}

export function servicesInScope(deps: AppDeps, actor: Actor) {
  const scope = staffCommunityIds(actor);
  return repo
    .listServices(deps.db)
    .then((all) => (scope === 'all' ? all : all.filter((s) => scope.includes(s.community_id))));
}
