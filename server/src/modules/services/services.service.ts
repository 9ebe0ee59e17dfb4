import {
  AppError,
  bookingOpensAt,
  countyDateOf,
  countyDaysWindow,
  generateServiceSessions,
  type ScheduleRule,
  type TServiceCreate,
  type TServiceUpdate,
} from '@zhongli/domain';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity } from '../communities/index.js';
import { notify } from '../notifications/index.js';
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
  if (venueId) {
    const venue = await repo.findVenueCommunity(deps.db, venueId);
    if (!venue || venue.community_id !== data.communityId)
      throw new AppError('VALIDATION_FAILED', { details: [{ field: 'venue', message: '场地不存在或不属于本社区' }] });
  }
  const schedule: ScheduleRule = data.schedule.daysOfMonth
    ? { kind: 'monthly', daysOfMonth: data.schedule.daysOfMonth, sessions: data.schedule.sessions }
    : { kind: 'weekly', weekdays: data.schedule.weekdays!, sessions: data.schedule.sessions };
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

/** Generates the service's sessions from today to the horizon (idempotent: existing ones are kept as they are). */
async function ensureServiceSessionsWithin(trx: Trx, deps: AppDeps, service: repo.ServiceRow) {
  const now = deps.clock.now();
  const from = countyDateOf(now);
  const to = countyDateOf(new Date(now.getTime() + SERVICE_SESSION_HORIZON_DAYS * DAY_MS));
  const sessions = generateServiceSessions(scheduleOf(service), from, to, { holidayPolicy: service.holiday_policy });
  await repo.insertServiceSessions(
    trx,
    sessions.map((s) => ({
      service_id: service.id,
      date: s.date,
      period: s.period,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      capacity: s.capacity,
      booking_opens_at: bookingOpensAt(s.date, { daysAhead: service.booking_days_ahead, time: service.booking_time }),
      scope: service.scope,
    })),
  );
}

export async function ensureAllServiceSessions(deps: AppDeps) {
  const services = await repo.listServices(deps.db);
  for (const service of services)
    await deps.db.transaction().execute((trx) => ensureServiceSessionsWithin(trx, deps, service));
}

/** E.g. widening the scope to the whole county: it applies to sessions whose booking has not opened yet. */
export async function updateService({
  deps,
  actor,
  serviceId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  serviceId: number;
  data: TServiceUpdate;
}) {
  const service = await repo.findService(deps.db, serviceId);
  if (!service) throw new AppError('NOT_FOUND');
  if (!canManageService(actor, service)) throw new AppError('FORBIDDEN');
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now().toISOString();
    await repo.updateService(trx, serviceId, {
      ...(data.eligibility ? { min_age: data.eligibility.minAge, scope: data.eligibility.scope } : {}),
      ...(data.priceFen !== undefined ? { price_fen: data.priceFen } : {}),
      ...(data.volunteersPerSession !== undefined ? { volunteers_per_session: data.volunteersPerSession } : {}),
      ...(data.monthlyLimit !== undefined ? { monthly_limit: data.monthlyLimit } : {}),
    });
    if (data.eligibility && data.eligibility.scope !== service.scope)
      await repo.setScopeOfUnopenedServiceSessions(trx, serviceId, data.eligibility.scope, now);
    await recordAudit(trx, deps, actor, {
      action: 'service.update',
      targetType: 'service',
      targetId: serviceId,
      communityId: service.community_id,
      summary: `修改服务「${service.name}」：${data.eligibility ? `对象 ${data.eligibility.scope === 'county' ? '全县' : '本社区'}${data.eligibility.minAge ? `${data.eligibility.minAge}岁以上` : ''}` : Object.keys(data).join('、')}`,
    });
    return (await repo.findService(trx, serviceId))!;
  });
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
    await recordAudit(trx, deps, actor, {
      action: 'service.session.cancel',
      targetType: 'service_session',
      targetId: sessionId,
      communityId: service.community_id,
      summary: `取消「${service.name}」${session.date} ${session.period}：${reason}`,
    });
    return { id: sessionId, status: 'cancelled' as const, told: residents.length };
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
