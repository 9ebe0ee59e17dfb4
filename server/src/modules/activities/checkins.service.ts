import { AppError, isValidMemberCode, normalizeMemberCode, type TCheckinCreate } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { grantAward } from '../points/index.js';
import { ensureActiveResident, findResident, findResidentByMemberCode } from '../residents/index.js';
import { loadMenuSettings } from './menu-settings.js';
import * as repo from './activities.repository.js';
import { canManageActivitiesIn } from './activities.policy.js';
import { checkinCodeAt, isValidCheckinCode } from './checkin-code.js';

/** Wrong codes a resident may try per activity in ten minutes: six digits must not be guessable. */
export const MAX_CODE_FAILURES = 10;
export const CODE_FAILURE_WINDOW_MS = 10 * 60 * 1000;

export async function currentCheckinCode({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}) {
  const activity = await repo.findActivity(deps.db, activityId);
  if (!activity) throw new AppError('NOT_FOUND');
  if (!canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');
  const { code, expiresAt } = checkinCodeAt(activity.checkin_secret, activity.id, deps.clock.now());
  return { code, expiresAt: expiresAt.toISOString(), activityId: activity.id, title: activity.title };
}

interface Who {
  residentId: number;
  method: 'code' | 'card' | 'staff';
}

/** Who is checking in: a resident with the code on their own phone, or staff for a resident (card or list). */
async function resolveWho(deps: AppDeps, actor: Actor, activity: repo.ActivityRow, data: TCheckinCreate): Promise<Who> {
  if (data.code !== undefined) {
    if (!actor.resident) throw new AppError('FORBIDDEN', { message: '请用居民账号扫码签到' });
    const who = { activityId: activity.id, residentId: actor.resident.id };
    const now = deps.clock.now();
    // The try is counted before the code is looked at, so a burst of guesses cannot outrun the count;
    // a right code gives its try back.
    const window = await repo.reserveCodeTry(deps.db, {
      ...who,
      at: now.toISOString(),
      windowOpenedAfter: new Date(now.getTime() - CODE_FAILURE_WINDOW_MS).toISOString(),
      limit: MAX_CODE_FAILURES,
    });
    if (window == null) throw new AppError('RATE_LIMITED');
    if (!isValidCheckinCode(activity.checkin_secret, activity.id, data.code, now)) {
      throw new AppError('CHECKIN_CODE_INVALID', {
        details: [{ field: 'code', message: '签到码无效或已过期，请重新扫码' }],
      });
    }
    await repo.releaseCodeTry(deps.db, { ...who, window });
    return { residentId: actor.resident.id, method: 'code' };
  }
  if (!canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');
  if (data.memberCode !== undefined) {
    const code = normalizeMemberCode(data.memberCode) ?? '';
    if (!isValidMemberCode(code))
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: 'memberCode', message: '会员号不正确（10位数字，请核对）' }],
      });
    const resident = await findResidentByMemberCode(deps.db, code);
    if (!resident) throw new AppError('NOT_FOUND', { message: '没有找到该会员号的居民' });
    ensureActiveResident(resident);
    return { residentId: resident.id, method: 'card' };
  }
  const resident = await findResident(deps.db, data.residentId!);
  if (!resident) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '居民不存在' }] });
  ensureActiveResident(resident);
  // Ticking a name on the list: the resident signed up for this activity, or lives where this staff member works.
  const registration = await repo.findRegistration(deps.db, activity.id, resident.id);
  if (!registration || registration.status === 'cancelled') {
    if (!canManageActivitiesIn(actor, resident.community_id))
      throw new AppError('FORBIDDEN', { message: '其他社区的居民请扫会员卡签到' });
  }
  return { residentId: resident.id, method: 'staff' };
}

/**
 * Checks a resident in (签到) and awards the activity's points in the same transaction, once:
 * the check-in row is unique per person and activity, the award's idempotency key is derived
 * from it. Accepted only in the window (from the configured margin before the start to the
 * end). A walk-in without registration takes a remaining place, if there is one.
 */
/** What can be decided before writing: the activity, and who is checking in (a wrong code is counted here, outside any transaction, so it stays counted). */
export async function prepareCheckIn({
  deps,
  actor,
  activityId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
  data: TCheckinCreate;
}) {
  const activity = await repo.findActivity(deps.db, activityId);
  if (!activity) throw new AppError('NOT_FOUND');
  return { activity, who: await resolveWho(deps, actor, activity, data) };
}

/**
 * Checks a resident in (签到) and awards the activity's points in the same transaction, once:
 * the check-in row is unique per person and activity, the award's idempotency key is derived
 * from it. Accepted only in the window (from the configured margin before the start to the
 * end). A walk-in without registration takes a remaining place, if there is one.
 */
export async function checkIn(
  trx: Trx,
  deps: AppDeps,
  { actor, prepared }: { actor: Actor; prepared: Awaited<ReturnType<typeof prepareCheckIn>> },
) {
  // Re-read inside the transaction: the activity may have been cancelled since.
  const activity = (await repo.findActivity(trx, prepared.activity.id))!;
  return checkInWithin(trx, deps, actor, activity, prepared.who);
}

async function checkInWithin(trx: Trx, deps: AppDeps, actor: Actor, activity: repo.ActivityRow, who: Who) {
  const now = deps.clock.now();
  const { checkinOpensMinutesBefore, checkinClosesMinutesAfter } = await loadMenuSettings(trx);
  if (activity.status !== 'published')
    throw new AppError('CHECKIN_CLOSED', {
      message: activity.status === 'cancelled' ? '活动已取消' : '活动还没有发布',
    });
  const opensAt = Date.parse(activity.starts_at) - checkinOpensMinutesBefore * 60_000;
  const closesAt = Date.parse(activity.ends_at) + checkinClosesMinutesAfter * 60_000;
  if (now.getTime() < opensAt || now.getTime() > closesAt) {
    throw new AppError('CHECKIN_CLOSED', {
      extra: { opensAt: new Date(opensAt).toISOString(), closesAt: new Date(closesAt).toISOString() },
    });
  }
  if (await repo.findCheckin(trx, activity.id, who.residentId)) throw new AppError('ALREADY_CHECKED_IN');
  const resident = (await findResident(trx, who.residentId))!;
  const at = now.toISOString();
  // The check-in row first: its unique (activity, resident) key is what two devices checking the same
  // person in at once meet, before either takes a walk-in place (the loser gets ALREADY_CHECKED_IN).
  const checkinId = await repo.insertCheckin(trx, {
    activityId: activity.id,
    residentId: resident.id,
    method: who.method,
    actorUserId: actor.userId,
    at,
  });

  const registration = await repo.findRegistration(trx, activity.id, resident.id);
  if (registration?.status !== 'registered') {
    // A walk-in (or someone still on the waitlist) takes a remaining place.
    if (!(await repo.takePlace(trx, activity.id)))
      throw new AppError('ACTIVITY_FULL', { message: '名额已满，暂时不能现场签到' });
    if (!registration)
      await repo.insertRegistration(trx, {
        activityId: activity.id,
        residentId: resident.id,
        status: 'registered',
        waitlistPosition: null,
        registeredBy: actor.userId,
        at,
      });
    else if (registration.status === 'cancelled')
      await repo.reviveRegistration(trx, registration.id, {
        status: 'registered',
        waitlistPosition: null,
        registeredBy: actor.userId,
        at,
      });
    else await repo.setRegistrationStatus(trx, registration.id, 'waitlisted', 'registered', at);
  }

  let pointsAwarded = 0;
  let balanceAfter: number | null = null;
  let pointsNote: string | null = null;
  if (activity.points_rule_id) {
    try {
      const entry = await grantAward(trx, deps, {
        actor,
        resident,
        ruleId: activity.points_rule_id,
        ruleCommunityId: activity.community_id,
        note: `参加活动「${activity.title}」`,
        refType: 'activity',
        refId: String(activity.id),
        idempotencyKey: `checkin:${activity.id}:${resident.id}`,
      });
      await repo.linkCheckinEntry(trx, checkinId, entry.id);
      pointsAwarded = entry.delta;
      balanceAfter = entry.balanceAfter;
    } catch (error) {
      // The check-in still counts when the rule's cap is reached; the resident is told why no points.
      const code = (error as AppError).code;
      if (code === 'RULE_CAP_REACHED') pointsNote = '该积分项目今天（本周、本月）已达上限，本次签到不再加分';
      else if (code === 'VALIDATION_FAILED') pointsNote = '本活动的积分规则已不在现行积分办法中，本次签到不加分';
      else throw error;
    }
  }
  return {
    checkedInAt: at,
    residentId: resident.id,
    residentName: resident.name,
    pointsAwarded,
    balanceAfter,
    pointsNote,
  };
}
