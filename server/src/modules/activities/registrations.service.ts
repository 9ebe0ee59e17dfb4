import { AppError } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { notify } from '../notifications/index.js';
import { ensureActiveResident, findResident } from '../residents/index.js';
import * as repo from './activities.repository.js';
import { canManageActivitiesIn, canRegisterFor } from './activities.policy.js';

/**
 * Signs a resident up (报名), inside the caller's transaction. A place is taken by one
 * conditional UPDATE (`registered < capacity`); when there is none the resident joins the
 * waitlist at the next position, so the waitlist keeps arrival order. One row per person per
 * activity (unique); a cancelled row is revived.
 */
export async function register(
  trx: Trx,
  deps: AppDeps,
  { actor, activityId, residentId }: { actor: Actor; activityId: number; residentId?: number },
) {
  const forResident = residentId ?? actor.resident?.id;
  if (!forResident)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '请选择为哪位居民报名' }] });
  const resident = await findResident(trx, forResident);
  if (!resident) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '居民不存在' }] });
  ensureActiveResident(resident);
  if (!canRegisterFor(actor, resident)) throw new AppError('FORBIDDEN');
  const activity = await repo.findActivity(trx, activityId);
  if (!activity) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  if (activity.status !== 'published')
    throw new AppError('INVALID_STATE', { message: activity.status === 'cancelled' ? '活动已取消' : '活动还没有发布' });
  if (Date.parse(activity.ends_at) <= now.getTime()) throw new AppError('INVALID_STATE', { message: '活动已结束' });

  const existing = await repo.findRegistration(trx, activityId, resident.id);
  if (existing && existing.status !== 'cancelled')
    throw new AppError('ALREADY_REGISTERED', { extra: { status: existing.status } });

  const at = now.toISOString();
  const placed = await repo.takePlace(trx, activityId);
  const status = placed ? ('registered' as const) : ('waitlisted' as const);
  const position = placed ? null : await repo.nextWaitlistPosition(trx, activityId);
  const registeredBy = actor.resident?.id === resident.id ? null : actor.userId;
  let id: number;
  if (existing) {
    if (!(await repo.reviveRegistration(trx, existing.id, { status, waitlistPosition: position, registeredBy, at })))
      throw new AppError('ALREADY_REGISTERED');
    id = existing.id;
  } else {
    id = await repo.insertRegistration(trx, {
      activityId,
      residentId: resident.id,
      status,
      waitlistPosition: position,
      registeredBy,
      at,
    });
  }
  if (registeredBy) {
    await recordAudit(trx, deps, actor, {
      action: 'activity.register',
      targetType: 'registration',
      targetId: id,
      communityId: resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `为 ${resident.name} 报名「${activity.title}」${placed ? '' : `（候补第${position}位）`}`,
    });
  }
  return { id, status, ...(position != null ? { position } : {}) };
}

/**
 * Cancels a registration. A registered place is released and handed straight to the first
 * person on the waitlist, who is told in the app — in the same transaction.
 */
export async function cancelRegistration(
  trx: Trx,
  deps: AppDeps,
  { actor, activityId, registrationId }: { actor: Actor; activityId: number; registrationId: number },
) {
  const registration = await repo.lockRegistration(trx, registrationId);
  if (!registration || registration.activity_id !== activityId || registration.status === 'cancelled')
    throw new AppError('NOT_FOUND');
  const activity = (await repo.findActivity(trx, activityId))!;
  const own = actor.resident?.id === registration.resident_id;
  if (!own && !canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');
  const at = deps.clock.now().toISOString();
  if (!(await repo.setRegistrationStatus(trx, registration.id, registration.status, 'cancelled', at)))
    throw new AppError('NOT_FOUND');
  let promoted: number | null = null;
  if (registration.status === 'registered') {
    await repo.releasePlace(trx, activityId);
    // Nobody is promoted into a cancelled or finished activity.
    if (activity.status === 'published' && Date.parse(activity.ends_at) > deps.clock.now().getTime())
      promoted = await promoteFirstWaitlisted(trx, deps, activity);
  }
  if (!own) {
    await recordAudit(trx, deps, actor, {
      action: 'activity.registration.cancel',
      targetType: 'registration',
      targetId: registration.id,
      communityId: activity.community_id,
      onBehalfResidentId: registration.resident_id,
      summary: `取消「${activity.title}」的报名${promoted ? `，候补居民 #${promoted} 转为正式报名` : ''}`,
    });
  }
  return { promotedResidentId: promoted };
}

/**
 * After staff raise the capacity of a published activity, the new places go to the waitlist in
 * order. Each place is taken conditionally first, so a concurrent sign-up and the waitlist never
 * both get the same place; returns who was promoted.
 */
export async function fillPlacesFromWaitlist(trx: Trx, deps: AppDeps, activity: repo.ActivityRow): Promise<number[]> {
  const promoted: number[] = [];
  for (;;) {
    const next = await repo.firstWaitlisted(trx, activity.id);
    if (!next || !(await repo.takePlace(trx, activity.id))) return promoted;
    if (!(await repo.setRegistrationStatus(trx, next.id, 'waitlisted', 'registered', deps.clock.now().toISOString()))) {
      await repo.releasePlace(trx, activity.id);
      continue;
    }
    await notify(trx, deps, [next.resident_id], {
      kind: 'registration.promoted',
      title: `候补成功：${activity.title}`,
      body: '活动增加了名额，你已从候补转为正式报名，请按时参加。',
      link: `/activities/${activity.id}`,
    });
    promoted.push(next.resident_id);
  }
}

/** Hands a free place to the earliest waitlisted resident, if any; returns who got it. */
async function promoteFirstWaitlisted(trx: Trx, deps: AppDeps, activity: repo.ActivityRow): Promise<number | null> {
  for (;;) {
    const next = await repo.firstWaitlisted(trx, activity.id);
    if (!next) return null;
    const at = deps.clock.now().toISOString();
    // Conditional on still being waitlisted: a concurrent cancellation may have promoted this one already.
    if (!(await repo.setRegistrationStatus(trx, next.id, 'waitlisted', 'registered', at))) continue;
    if (!(await repo.takePlace(trx, activity.id))) {
      throw new Error(`activity ${activity.id}: a released place was taken before the waitlist`);
    }
    await notify(trx, deps, [next.resident_id], {
      kind: 'registration.promoted',
      title: `候补成功：${activity.title}`,
      body: '有人取消了报名，你已从候补转为正式报名，请按时参加。',
      link: `/activities/${activity.id}`,
    });
    return next.resident_id;
  }
}
