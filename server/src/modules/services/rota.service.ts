import { AppError, countyDaysWindow, coverageGaps, generateRota, monthRange } from '@zhongli/domain';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './services.repository.js';
import { canManageService } from './services.policy.js';

const DAY_MS = 86_400_000;

function monthWindow(month: string) {
  const { from, to } = monthRange(month);
  return countyDaysWindow(from, to);
}

async function managedService(deps: AppDeps, actor: Actor, serviceId: number) {
  const service = await repo.findService(deps.db, serviceId);
  if (!service) throw new AppError('NOT_FOUND');
  if (!canManageService(actor, service)) throw new AppError('FORBIDDEN');
  return service;
}

export async function addVolunteer({
  deps,
  actor,
  serviceId,
  userId,
}: {
  deps: AppDeps;
  actor: Actor;
  serviceId: number;
  userId: number;
}) {
  const service = await managedService(deps, actor, serviceId);
  const user = await repo.findUserName(deps.db, userId);
  if (!user) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'userId', message: '账号不存在' }] });
  await deps.db.transaction().execute(async (trx) => {
    await repo.addVolunteer(trx, serviceId, userId, deps.clock.now().toISOString());
    await recordAudit(trx, deps, actor, {
      action: 'service.volunteer.add',
      targetType: 'service',
      targetId: serviceId,
      communityId: service.community_id,
      summary: `${user.name} 加入「${service.name}」志愿者`,
    });
  });
  return repo.volunteersOf(deps.db, serviceId);
}

export async function volunteersOf({ deps, actor, serviceId }: { deps: AppDeps; actor: Actor; serviceId: number }) {
  const service = await repo.findService(deps.db, serviceId);
  if (!service) throw new AppError('NOT_FOUND');
  const volunteers = await repo.volunteersOf(deps.db, serviceId);
  if (!canManageService(actor, service) && !volunteers.some((v) => v.id === actor.userId))
    throw new AppError('FORBIDDEN');
  return volunteers;
}

/** A volunteer marks the sessions of a month they cannot do; the rest are available. */
export async function setAvailability({
  deps,
  actor,
  serviceId,
  month,
  unavailableSessionIds,
}: {
  deps: AppDeps;
  actor: Actor;
  serviceId: number;
  month: string;
  unavailableSessionIds: number[];
}) {
  const volunteers = await repo.volunteersOf(deps.db, serviceId);
  if (!volunteers.some((v) => v.id === actor.userId))
    throw new AppError('FORBIDDEN', { message: '只有本服务的志愿者可以填写' });
  const { from, to } = monthWindow(month);
  const sessions = await repo.listServiceSessions(deps.db, [serviceId], from, to);
  const ids = new Set(sessions.map((s) => s.id));
  const unknown = unavailableSessionIds.find((id) => !ids.has(id));
  if (unknown)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'unavailableSessionIds', message: `场次 ${unknown} 不在 ${month}` }],
    });
  await deps.db.transaction().execute((trx) => repo.setUnavailable(trx, actor.userId, [...ids], unavailableSessionIds));
  return { month, unavailableSessionIds };
}

/** What the volunteer marked for a month, so the form shows it again instead of overwriting it blind. */
export async function availabilityOf({
  deps,
  actor,
  serviceId,
  month,
}: {
  deps: AppDeps;
  actor: Actor;
  serviceId: number;
  month: string;
}) {
  const volunteers = await repo.volunteersOf(deps.db, serviceId);
  if (!volunteers.some((v) => v.id === actor.userId))
    throw new AppError('FORBIDDEN', { message: '只有本服务的志愿者可以填写' });
  const { from, to } = monthWindow(month);
  const sessions = await repo.listServiceSessions(deps.db, [serviceId], from, to);
  const marks = await repo.unavailabilityFor(
    deps.db,
    sessions.map((s) => s.id),
  );
  return {
    month,
    unavailableSessionIds: marks
      .filter((m) => m.user_id === actor.userId)
      .map((m) => m.session_id)
      .sort((a, b) => a - b),
  };
}

/**
 * Generates a month's rota by fair rotation over the pool (domain/src/services/rota.ts),
 * respecting availability and the number needed; existing assignments are kept (a re-run only
 * fills what is missing).
 */
export async function generateMonthRota({
  deps,
  actor,
  serviceId,
  month,
}: {
  deps: AppDeps;
  actor: Actor;
  serviceId: number;
  month: string;
}) {
  const service = await managedService(deps, actor, serviceId);
  const { from, to } = monthWindow(month);
  const sessions = (await repo.listServiceSessions(deps.db, [serviceId], from, to)).filter((s) => s.status === 'open');
  const volunteers = await repo.volunteersOf(deps.db, serviceId);
  const unavailable = await repo.unavailabilityFor(
    deps.db,
    sessions.map((s) => s.id),
  );
  const existing = await repo.assignmentsFor(
    deps.db,
    sessions.map((s) => s.id),
  );
  const blocked = new Set(unavailable.map((u) => `${u.user_id}:${u.session_id}`));
  const has = new Set(existing.map((a) => `${a.user_id}:${a.session_id}`));
  const rota = generateRota(
    sessions.map((s) => ({
      key: String(s.id),
      startsAt: s.starts_at,
      needed: Math.max(0, service.volunteers_per_session - existing.filter((a) => a.session_id === s.id).length),
    })),
    volunteers.map((v) => v.id),
    (userId, key) => !blocked.has(`${userId}:${key}`) && !has.has(`${userId}:${key}`),
  );
  await deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    await repo.insertAssignments(
      trx,
      rota.map((a) => ({ sessionId: Number(a.sessionKey), userId: a.volunteerId, at })),
    );
    await recordAudit(trx, deps, actor, {
      action: 'service.rota.generate',
      targetType: 'service',
      targetId: serviceId,
      communityId: service.community_id,
      summary: `生成「${service.name}」${month} 排班（新增 ${rota.length} 班）`,
    });
  });
  return roster({ deps, actor, serviceId, month });
}

export async function roster({
  deps,
  actor,
  serviceId,
  month,
}: {
  deps: AppDeps;
  actor: Actor;
  serviceId: number;
  month: string;
}) {
  const service = await repo.findService(deps.db, serviceId);
  if (!service) throw new AppError('NOT_FOUND');
  const volunteers = await repo.volunteersOf(deps.db, serviceId);
  if (!canManageService(actor, service) && !volunteers.some((v) => v.id === actor.userId))
    throw new AppError('FORBIDDEN');
  const { from, to } = monthWindow(month);
  const sessions = await repo.listServiceSessions(deps.db, [serviceId], from, to);
  const assignments = await repo.assignmentsFor(
    deps.db,
    sessions.map((s) => s.id),
  );
  // Staff decide 请假, so only they see the pending ones (and the reasons) on the roster.
  const drops = canManageService(actor, service)
    ? await repo.pendingDropsFor(
        deps.db,
        assignments.map((a) => a.id),
      )
    : [];
  return {
    month,
    service,
    volunteers,
    sessions: sessions.map((s) => {
      const assigned = assignments
        .filter((a) => a.session_id === s.id)
        .map((a) => ({ ...a, drop: drops.find((d) => d.assignment_id === a.id) ?? null }));
      return {
        session: s,
        needed: s.status === 'open' ? service.volunteers_per_session : 0,
        assigned,
        missing: s.status === 'open' ? Math.max(0, service.volunteers_per_session - assigned.length) : 0,
      };
    }),
  };
}

/** Sessions in the next `days` days with fewer volunteers than needed, across the staff member's services. */
export async function gaps({ deps, actor, days }: { deps: AppDeps; actor: Actor; days: number }) {
  const scope = staffCommunityIds(actor);
  const services = (await repo.listServices(deps.db))
    .filter((s) => scope === 'all' || scope.includes(s.community_id))
    .filter((s) => s.volunteers_per_session > 0);
  const now = deps.clock.now();
  const sessions = (
    await repo.listServiceSessions(
      deps.db,
      services.map((s) => s.id),
      now.toISOString(),
      new Date(now.getTime() + days * DAY_MS).toISOString(),
    )
  ).filter((s) => s.status === 'open');
  const assignments = await repo.assignmentsFor(
    deps.db,
    sessions.map((s) => s.id),
  );
  const missing = coverageGaps(
    sessions.map((s) => ({
      key: String(s.id),
      startsAt: s.starts_at,
      needed: services.find((x) => x.id === s.service_id)!.volunteers_per_session,
    })),
    assignments.map((a) => ({ sessionKey: String(a.session_id) })),
  );
  return missing.map((g) => {
    const session = sessions.find((s) => String(s.id) === g.sessionKey)!;
    const service = services.find((s) => s.id === session.service_id)!;
    return { session, service, needed: g.needed, assigned: g.assigned, missing: g.missing };
  });
}

export async function myShifts({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  const services = (await repo.servicesOfVolunteer(deps.db, actor.userId)).map((s) => s.service_id);
  const now = deps.clock.now();
  const sessions = await repo.listServiceSessions(
    deps.db,
    services,
    now.toISOString(),
    new Date(now.getTime() + 62 * DAY_MS).toISOString(),
  );
  const assignments = (
    await repo.assignmentsFor(
      deps.db,
      sessions.map((s) => s.id),
    )
  ).filter((a) => a.user_id === actor.userId);
  const changes = await repo.changesFor(deps.db, actor.userId);
  const serviceRows = await Promise.all(services.map((id) => repo.findService(deps.db, id)));
  return { assignments, sessions, changes, services: serviceRows.filter((s): s is repo.ServiceRow => s != null) };
}

/** The volunteer's 换班 and 请假 requests, sent and received (the latest 50). */
export async function myRotaChanges({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  return { userId: actor.userId, changes: await repo.changesFor(deps.db, actor.userId) };
}

/** A volunteer asks a colleague of the same pool to take a shift; it applies when the colleague accepts. */
export async function requestSwap({
  deps,
  actor,
  assignmentId,
  toUserId,
}: {
  deps: AppDeps;
  actor: Actor;
  assignmentId: number;
  toUserId: number;
}) {
  const assignment = await repo.findAssignment(deps.db, assignmentId);
  if (!assignment) throw new AppError('NOT_FOUND');
  if (assignment.user_id !== actor.userId) throw new AppError('FORBIDDEN', { message: '只能调换自己的班' });
  const pool = await repo.volunteersOf(deps.db, assignment.service_id);
  if (!pool.some((v) => v.id === toUserId) || toUserId === actor.userId)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'toUserId', message: '请选择本服务的另一位志愿者' }],
    });
  if (Date.parse(assignment.starts_at) <= deps.clock.now().getTime()) throw new AppError('SESSION_CLOSED');
  const id = await deps.db.transaction().execute((trx) =>
    repo.insertChange(trx, {
      assignmentId,
      sessionId: assignment.session_id,
      kind: 'swap',
      fromUserId: actor.userId,
      toUserId,
      reason: null,
      at: deps.clock.now().toISOString(),
    }),
  );
  return { id, status: 'pending' as const };
}

export async function answerSwap({
  deps,
  actor,
  changeId,
  accept,
}: {
  deps: AppDeps;
  actor: Actor;
  changeId: number;
  accept: boolean;
}) {
  const change = await repo.findChange(deps.db, changeId);
  if (!change || change.kind !== 'swap') throw new AppError('NOT_FOUND');
  if (change.to_user_id !== actor.userId)
    throw new AppError('FORBIDDEN', { message: '只有被请求换班的志愿者可以回应' });
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    if (!(await repo.decideChange(trx, changeId, accept ? 'accepted' : 'declined', actor.userId, at)))
      throw new AppError('INVALID_STATE', { message: '这个换班请求已处理' });
    if (accept) {
      const assignment = change.assignment_id ? await repo.findAssignment(trx, change.assignment_id) : undefined;
      if (!assignment) throw new AppError('INVALID_STATE', { message: '这个班已经取消' });
      if (await repo.findAssignmentOf(trx, assignment.session_id, actor.userId))
        throw new AppError('INVALID_STATE', { message: '你已经在这个场次的班上了' });
      if (!(await repo.reassign(trx, assignment.id, change.from_user_id, actor.userId)))
        throw new AppError('INVALID_STATE', { message: '这个班已经有变化，请刷新' });
      const service = (await repo.findService(trx, assignment.service_id))!;
      await recordAudit(trx, deps, actor, {
        action: 'service.rota.swap',
        targetType: 'rota_assignment',
        targetId: assignment.id,
        communityId: service.community_id,
        summary: `换班：场次 #${assignment.session_id} 由 ${actor.name} 接替`,
      });
    }
    return { id: changeId, status: accept ? ('accepted' as const) : ('declined' as const) };
  });
}

/** Dropping a shift without a replacement needs a staff member's approval; until then the volunteer is still on it. */
export async function requestDrop({
  deps,
  actor,
  assignmentId,
  reason,
}: {
  deps: AppDeps;
  actor: Actor;
  assignmentId: number;
  reason: string;
}) {
  const assignment = await repo.findAssignment(deps.db, assignmentId);
  if (!assignment) throw new AppError('NOT_FOUND');
  if (assignment.user_id !== actor.userId) throw new AppError('FORBIDDEN');
  const id = await deps.db.transaction().execute((trx) =>
    repo.insertChange(trx, {
      assignmentId,
      sessionId: assignment.session_id,
      kind: 'drop',
      fromUserId: actor.userId,
      toUserId: null,
      reason,
      at: deps.clock.now().toISOString(),
    }),
  );
  return { id, status: 'pending' as const };
}

export async function decideDrop({
  deps,
  actor,
  changeId,
  approve,
}: {
  deps: AppDeps;
  actor: Actor;
  changeId: number;
  approve: boolean;
}) {
  const change = await repo.findChange(deps.db, changeId);
  if (!change || change.kind !== 'drop') throw new AppError('NOT_FOUND');
  const assignment = change.assignment_id ? await repo.findAssignment(deps.db, change.assignment_id) : undefined;
  if (!assignment) throw new AppError('NOT_FOUND');
  const service = await managedService(deps, actor, assignment.service_id);
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    if (!(await repo.decideChange(trx, changeId, approve ? 'approved' : 'rejected', actor.userId, at)))
      throw new AppError('INVALID_STATE');
    if (approve) {
      await repo.removeAssignment(trx, assignment.id);
      await repo.markUnavailable(trx, assignment.user_id, assignment.session_id);
    }
    await recordAudit(trx, deps, actor, {
      action: 'service.rota.drop',
      targetType: 'rota_change',
      targetId: changeId,
      communityId: service.community_id,
      summary: `${approve ? '批准' : '驳回'}志愿者请假：${change.reason ?? ''}`,
    });
    return { id: changeId, status: approve ? ('approved' as const) : ('rejected' as const) };
  });
}
