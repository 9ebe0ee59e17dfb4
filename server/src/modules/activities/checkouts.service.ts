import { activityEntryMinutes, AppError, type TCheckoutCreate } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { loadMenuSettings } from './menu-settings.js';
import * as repo from './activities.repository.js';
import { canManageActivitiesIn } from './activities.policy.js';
import { checkinCodeAt } from './checkin-code.js';
import { checkRotatingCode } from './checkins.service.js';

async function volunteerActivity(deps: AppDeps, activityId: number) {
  const activity = await repo.findActivity(deps.db, activityId);
  if (!activity) throw new AppError('NOT_FOUND');
  if (activity.volunteer_service !== 1) throw new AppError('NOT_VOLUNTEER_ACTIVITY');
  return activity;
}

/** The rotating check-out code staff show at the end of a volunteer activity (签退码). */
export async function currentCheckoutCode({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}) {
  const activity = await volunteerActivity(deps, activityId);
  if (!canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');
  const { code, expiresAt } = checkinCodeAt(activity.checkin_secret, activity.id, deps.clock.now(), 'checkout');
  return { code, expiresAt: expiresAt.toISOString(), activityId: activity.id, title: activity.title };
}

/**
 * 签退 at a volunteer activity: a resident with the check-out code, or staff marking one person or
 * everyone still checked in (全部签退). Accepted until the check-in window closes (the configured
 * margin after the scheduled end); later, nobody checked out counts to the scheduled end, and staff
 * change an entry with a correction (hours module). Each check-in is checked out once, by a
 * conditional UPDATE: a second marking, or the code and staff at once, finds it already out.
 * Wrong codes count against the same per-person, per-activity tries as check-in codes.
 */
export async function checkOut({
  deps,
  actor,
  activityId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
  data: TCheckoutCreate;
}) {
  const activity = await volunteerActivity(deps, activityId);
  const now = deps.clock.now();
  if (data.code !== undefined) {
    if (!actor.resident) throw new AppError('FORBIDDEN', { message: '请用居民账号扫码签退' });
    await checkRotatingCode(deps, { activity, residentId: actor.resident.id, code: data.code, purpose: 'checkout' });
  } else if (!canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');

  if (activity.status !== 'published')
    throw new AppError('CHECKIN_CLOSED', {
      message: activity.status === 'cancelled' ? '活动已取消' : '活动还没有发布',
    });
  const { checkinClosesMinutesAfter } = await loadMenuSettings(deps.db);
  const closesAt = Date.parse(activity.ends_at) + checkinClosesMinutesAfter * 60_000;
  if (now.getTime() > closesAt)
    throw new AppError('CHECKIN_CLOSED', {
      message: '签退时间已过：未签退的按计划结束时间计，如需调整请更正志愿时长',
      extra: { closesAt: new Date(closesAt).toISOString() },
    });

  const at = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    let out: { resident_id: number; checked_in_at: string; checked_out_at: string | null }[];
    if (data.all) {
      out = await repo.checkOutEveryone(trx, { activityId: activity.id, at, by: actor.userId });
    } else {
      const residentId = data.code !== undefined ? actor.resident!.id : data.residentId!;
      const row = await repo.checkOutOne(trx, {
        activityId: activity.id,
        residentId,
        at,
        method: data.code !== undefined ? 'code' : 'staff',
        by: actor.userId,
      });
      if (!row) {
        throw new AppError(
          (await repo.findCheckin(trx, activity.id, residentId)) ? 'ALREADY_CHECKED_OUT' : 'NOT_CHECKED_IN',
        );
      }
      out = [row];
    }
    const names = new Map(
      (
        await repo.residentNames(
          trx,
          out.map((o) => Number(o.resident_id)),
        )
      ).map((r) => [Number(r.id), r.name]),
    );
    if (data.code === undefined && out.length > 0)
      await recordAudit(trx, deps, actor, {
        action: 'activity.checkout',
        targetType: 'activity',
        targetId: activity.id,
        communityId: activity.community_id,
        ...(out.length === 1 ? { onBehalfResidentId: Number(out[0]!.resident_id) } : {}),
        summary: data.all
          ? `「${activity.title}」全部签退（${out.length}人）`
          : `「${activity.title}」为${names.get(Number(out[0]!.resident_id)) ?? ''}签退`,
      });
    return {
      checkedOut: out.map((o) => ({
        residentId: Number(o.resident_id),
        residentName: names.get(Number(o.resident_id)) ?? '',
        checkedOutAt: o.checked_out_at ?? at,
        // what the entry now counts, so the page can say so (a check-out in the minute of the check-in counts 0)
        minutes: activityEntryMinutes({
          checkedInAt: o.checked_in_at,
          checkedOutAt: o.checked_out_at ?? at,
          scheduledEndAt: activity.ends_at,
        }).minutes,
      })),
    };
  });
}
