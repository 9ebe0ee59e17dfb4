import { randomBytes } from 'node:crypto';
import {
  AppError,
  countyClockOf,
  countyDateOf,
  canEditActivity,
  describeCountyTimeRange,
  isSubmissionOpen,
  submissionDeadline,
  weekOfInstant,
  weekRangeZh,
  type TActivityCreate,
  type TCallListOpened,
  type TActivityCreated,
  type TActivityStateChange,
  type TActivityUpdate,
  type TMenuSettings,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity, holidayCalendar } from '../communities/index.js';
import { findRule } from '../points/index.js';
import { notify } from '../notifications/index.js';
import { openCallList } from '../calls/index.js';
import { findPartners } from '../partners/index.js';
import * as repo from './activities.repository.js';
import type { ActivityRow } from './activities.repository.js';
import type { ActivityView } from './activities.presenter.js';
import { canManageActivitiesIn, canReview } from './activities.policy.js';
import { withExtras } from './activities.queries.js';
import { loadMenuSettings, saveMenuSettings, type MenuSettings } from './menu-settings.js';
import { fillPlacesFromWaitlist } from './registrations.service.js';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', { details: [{ field, message }] });

/** References an activity points at must exist and belong to its community. */
async function checkReferences(
  trx: Trx,
  communityId: number,
  activityId: number | undefined,
  data: {
    venueId?: number | null;
    pointsRuleId?: number | null;
    partnerIds?: number[];
    needIds?: number[];
    category?: string;
  },
) {
  if (data.category !== undefined) {
    const categories = await repo.listCategories(trx);
    if (!categories.some((c) => c.name === data.category)) throw invalid('category', '类别不在活动类别表中');
  }
  if (data.venueId) {
    const venue = await trx
      .selectFrom('venues')
      .select('community_id')
      .where('id', '=', data.venueId)
      .executeTakeFirst();
    if (!venue || venue.community_id !== communityId) throw invalid('venueId', '场地不存在或不属于本社区');
  }
  if (data.pointsRuleId) {
    const rule = await findRule(trx, data.pointsRuleId);
    if (!rule || rule.community_id !== communityId) throw invalid('pointsRuleId', '积分规则不存在或不属于本社区');
  }
  if (data.partnerIds?.length) {
    const found = await findPartners(trx, data.partnerIds);
    if (found.length !== new Set(data.partnerIds).size) throw invalid('partnerIds', '合作方不存在');
    // An archived partner stays on the activities that already name it, but is named on no new one.
    const kept = new Set(activityId ? (await repo.partnersOf(trx, [activityId])).map((p) => p.id) : []);
    if (found.some((p) => p.archived_at !== null && !kept.has(p.id))) throw invalid('partnerIds', '合作方已归档');
  }
  if (data.needIds?.length) {
    const found = await repo.findNeeds(trx, data.needIds);
    if (found.length !== new Set(data.needIds).size || found.some((n) => n.community_id !== communityId))
      throw invalid('needIds', '需求不存在或不属于本社区');
  }
}

export async function createActivity({
  deps,
  actor,
  data: input,
}: {
  deps: AppDeps;
  actor: Actor;
  data: TActivityCreate;
}): Promise<TActivityCreated> {
  // `venue` (the contract's field) is a venue id or a place name.
  const data = {
    ...input,
    venueId: input.venueId ?? (typeof input.venue === 'number' ? input.venue : undefined),
    place: input.place ?? (typeof input.venue === 'string' ? input.venue : undefined),
  };
  if (!(await findCommunity(deps.db, data.communityId))) throw invalid('communityId', '社区不存在');
  if (!canManageActivitiesIn(actor, data.communityId)) throw new AppError('FORBIDDEN');
  const now = deps.clock.now();
  if (Date.parse(data.startsAt) < now.getTime()) throw invalid('startsAt', '开始时间不能早于现在');
  return deps.db.transaction().execute(async (trx) => {
    await checkReferences(trx, data.communityId, undefined, data);
    const at = now.toISOString();
    const id = await repo.insertActivity(trx, {
      communityId: data.communityId,
      title: data.title,
      category: data.category,
      venueId: data.venueId ?? null,
      place: data.place || null,
      startsAt: new Date(data.startsAt).toISOString(),
      endsAt: new Date(data.endsAt).toISOString(),
      week: weekOfInstant(new Date(data.startsAt)),
      capacity: data.capacity ?? null,
      pointsRuleId: data.pointsRuleId ?? null,
      description: data.description || null,
      volunteerService: data.volunteerService ?? false,
      checkinSecret: randomBytes(32).toString('hex'),
      createdBy: actor.userId,
      at,
    });
    await repo.replaceLinks(trx, id, { partnerIds: data.partnerIds ?? [], needIds: data.needIds ?? [] });
    await recordAudit(trx, deps, actor, {
      action: 'activity.create',
      targetType: 'activity',
      targetId: id,
      communityId: data.communityId,
      summary: `新建活动「${data.title}」`,
    });
    return { id, status: 'draft' as const };
  });
}

/**
 * Edits an activity. Drafts and returned activities change freely. A published one may change
 * too, but it is marked as changed on every output and its registrants are told; submitted and
 * approved ones are frozen while the center reviews them.
 */
export async function updateActivity({
  deps,
  actor,
  activityId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
  data: TActivityUpdate;
}): Promise<ActivityView & { callList?: TCallListOpened | null }> {
  const { updated, callList } = await deps.db.transaction().execute(async (trx) => {
    const activity = await repo.findActivity(trx, activityId);
    if (!activity) throw new AppError('NOT_FOUND');
    if (!canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');
    if (!canEditActivity(activity.status))
      throw new AppError('INVALID_STATE', { message: '活动在审核中，请等中心退回后再修改' });
    const startsAt = data.startsAt ? new Date(data.startsAt).toISOString() : activity.starts_at;
    const endsAt = data.endsAt ? new Date(data.endsAt).toISOString() : activity.ends_at;
    if (Date.parse(endsAt) <= Date.parse(startsAt)) throw invalid('endsAt', '结束时间应晚于开始时间');
    if (data.capacity != null && data.capacity < activity.registered)
      throw invalid('capacity', `已有 ${activity.registered} 人报名，名额不能少于此数`);
    await checkReferences(trx, activity.community_id, activityId, data);
    const at = deps.clock.now().toISOString();
    const published = activity.status === 'published';
    await repo.updateActivityFields(trx, activityId, {
      ...(data.title !== undefined ? { title: data.title } : {}),
      ...(data.category !== undefined ? { category: data.category } : {}),
      ...(data.venueId !== undefined ? { venue_id: data.venueId } : {}),
      ...(data.place !== undefined ? { place: data.place || null } : {}),
      ...(data.startsAt !== undefined ? { starts_at: startsAt, week: weekOfInstant(new Date(startsAt)) } : {}),
      ...(data.endsAt !== undefined ? { ends_at: endsAt } : {}),
      ...(data.pointsRuleId !== undefined ? { points_rule_id: data.pointsRuleId } : {}),
      ...(data.description !== undefined ? { description: data.description || null } : {}),
      ...(data.volunteerService !== undefined ? { volunteer_service: data.volunteerService ? 1 : 0 } : {}),
      ...(published ? { changed_at: at, change_note: data.changeNote || null } : {}),
      updated_at: at,
    });
    if (data.capacity !== undefined && !(await repo.setCapacity(trx, activityId, data.capacity ?? null))) {
      throw invalid('capacity', '名额不能少于已报名人数');
    }
    // More places on a published, unfinished activity go to the waitlist first, in order.
    const promoted =
      published && data.capacity !== undefined && Date.parse(endsAt) > deps.clock.now().getTime()
        ? await fillPlacesFromWaitlist(trx, deps, activity)
        : [];
    await repo.replaceLinks(trx, activityId, { partnerIds: data.partnerIds, needIds: data.needIds });
    const after = (await repo.findActivity(trx, activityId))!;
    let callList: TCallListOpened | null | undefined;
    if (published) {
      const people = await repo.registeredResidentIds(trx, activityId);
      await notify(
        trx,
        deps,
        people.map((r) => r.resident_id),
        {
          kind: 'activity.changed',
          title: `活动有变更：${data.title ?? activity.title}`,
          body: data.changeNote || '活动的时间、地点或内容有变化，请查看最新安排。',
          link: `/activities/${activityId}`,
        },
      );
      // A new time or place is what people must not miss: those not in the app get a phone call.
      if (whenOrWhereOf(activity) !== whenOrWhereOf(after)) {
        callList = await openCallList(trx, deps, actor, {
          kind: 'activity.changed',
          subject: { type: 'activity', id: activityId },
          communityId: activity.community_id,
          title: `活动改期或换地点：${after.title}`,
          message:
            `「${after.title}」原定 ${whenOrWhereOf(activity)}，改为 ${whenOrWhereOf(after)}。` +
            (data.changeNote ? `说明：${data.changeNote}` : ''),
          people: people.map((r) => ({ residentId: r.resident_id, role: r.status })),
        });
      }
    }
    await recordAudit(trx, deps, actor, {
      action: published ? 'activity.change' : 'activity.update',
      targetType: 'activity',
      targetId: activityId,
      communityId: activity.community_id,
      summary: `${published ? '变更已发布的' : '修改'}活动「${activity.title}」：${Object.keys(data).join('、')}${promoted.length ? `，${promoted.length} 位候补居民转为正式报名` : ''}`,
    });
    return { updated: after, callList };
  });
  const view = (await withExtras(deps, [updated]))[0]!;
  return callList === undefined ? view : { ...view, callList };
}

/** When and where, as a caller reads it out: `12月5日 09:00–10:30，社区活动室`. */
function whenOrWhereOf(activity: Pick<ActivityRow, 'starts_at' | 'ends_at' | 'venue_name' | 'place'>): string {
  return `${describeCountyTimeRange(activity.starts_at, activity.ends_at)}，${activity.venue_name ?? activity.place ?? '地点待定'}`;
}

/** 社区提前报: submit before the week's deadline, or 409 SUBMISSION_CLOSED. */
export async function submitActivity({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}): Promise<TActivityStateChange> {
  return deps.db.transaction().execute(async (trx) => {
    const activity = await repo.findActivity(trx, activityId);
    if (!activity) throw new AppError('NOT_FOUND');
    if (!canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');
    const { deadline } = await loadMenuSettings(trx);
    // the county's holiday calendar: a deadline on a day off moves to the working day before
    const calendar = await holidayCalendar(trx);
    const closesAt = submissionDeadline(activity.week, deadline, calendar);
    const now = deps.clock.now();
    if (!isSubmissionOpen(activity.week, deadline, now, calendar)) {
      throw new AppError('SUBMISSION_CLOSED', {
        extra: { week: activity.week, deadline: closesAt.toISOString() },
        message: `${weekRangeZh(activity.week)}这一周的报送已于 ${formatShanghai(closesAt)} 截止；急需增加请联系中心补充发布`,
      });
    }
    if (
      !(await repo.transition(trx, activityId, 'submit', {
        return_reason: null,
        updated_at: now.toISOString(),
      }))
    )
      throw new AppError('INVALID_STATE');
    await recordAudit(trx, deps, actor, {
      action: 'activity.submit',
      targetType: 'activity',
      targetId: activityId,
      communityId: activity.community_id,
      summary: `报送活动「${activity.title}」（${activity.week}）`,
    });
    return { id: activityId, status: 'submitted' as const };
  });
}

function formatShanghai(instant: Date): string {
  const local = countyDateOf(instant);
  return `${Number(local.slice(5, 7))}月${Number(local.slice(8, 10))}日 ${countyClockOf(instant).time}`;
}

/**
 * One review step by the center: the same guard → conditional transition → audit for each of
 * 通过, 退回 and 补充发布, so a double click or a second reviewer cannot skip a state.
 */
async function takeReviewStep(
  deps: AppDeps,
  actor: Actor,
  activityId: number,
  step: 'approve' | 'return' | 'publish',
  set: (at: string) => Parameters<typeof repo.transition>[3],
  summary: (title: string) => string,
): Promise<string> {
  if (!canReview(actor)) throw new AppError('FORBIDDEN');
  return deps.db.transaction().execute(async (trx) => {
    const activity = await repo.findActivity(trx, activityId);
    if (!activity) throw new AppError('NOT_FOUND');
    const at = deps.clock.now().toISOString();
    if (!(await repo.transition(trx, activityId, step, { ...set(at), updated_at: at })))
      throw new AppError('INVALID_STATE');
    await recordAudit(trx, deps, actor, {
      action: `activity.${step}`,
      targetType: 'activity',
      targetId: activityId,
      communityId: activity.community_id,
      summary: summary(activity.title),
    });
    return at;
  });
}

export async function approveActivity({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}): Promise<TActivityStateChange> {
  await takeReviewStep(
    deps,
    actor,
    activityId,
    'approve',
    () => ({}),
    (title) => `通过活动「${title}」`,
  );
  return { id: activityId, status: 'approved' as const };
}

/**
 * 通过 inside the caller's transaction, for the center's batch approval: the same conditional step
 * (submitted → approved) and one audit entry per activity; false when it was no longer submitted
 * (another reviewer, or a concurrent batch, got there first).
 */
export async function approveSubmitted(
  trx: Trx,
  deps: AppDeps,
  actor: Actor,
  activity: { id: number; title: string; communityId: number },
): Promise<boolean> {
  if (!canReview(actor)) throw new AppError('FORBIDDEN');
  const at = deps.clock.now().toISOString();
  if (!(await repo.transition(trx, activity.id, 'approve', { updated_at: at }))) return false;
  await recordAudit(trx, deps, actor, {
    action: 'activity.approve',
    targetType: 'activity',
    targetId: activity.id,
    communityId: activity.communityId,
    summary: `通过活动「${activity.title}」（一键通过）`,
  });
  return true;
}

export async function returnActivity({
  deps,
  actor,
  activityId,
  reason,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
  reason: string;
}): Promise<TActivityStateChange> {
  await takeReviewStep(
    deps,
    actor,
    activityId,
    'return',
    () => ({ return_reason: reason }),
    (title) => `退回活动「${title}」：${reason}`,
  );
  return { id: activityId, status: 'returned' as const, reason };
}

/** 补充发布: the center publishes one activity at once, outside the weekly cycle. */
export async function publishActivityNow({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}): Promise<TActivityStateChange> {
  const at = await takeReviewStep(
    deps,
    actor,
    activityId,
    'publish',
    (now) => ({ published_at: now, return_reason: null }),
    (title) => `补充发布活动「${title}」`,
  );
  return { id: activityId, status: 'published' as const, publishedAt: at };
}

/** Cancels an activity; if it was published its registrants are told. The row stays, marked cancelled, on every output. */
export async function cancelActivity({
  deps,
  actor,
  activityId,
  reason,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
  reason: string;
}): Promise<TActivityStateChange> {
  return deps.db.transaction().execute(async (trx) => {
    const activity = await repo.findActivity(trx, activityId);
    if (!activity) throw new AppError('NOT_FOUND');
    if (!canManageActivitiesIn(actor, activity.community_id)) throw new AppError('FORBIDDEN');
    const at = deps.clock.now().toISOString();
    if (
      !(await repo.transition(trx, activityId, 'cancel', { cancelled_at: at, cancel_reason: reason, updated_at: at }))
    ) {
      throw new AppError('INVALID_STATE');
    }
    let callList: TCallListOpened | null = null;
    if (activity.status === 'published') {
      const people = await repo.registeredResidentIds(trx, activityId);
      await notify(
        trx,
        deps,
        people.map((r) => r.resident_id),
        {
          kind: 'activity.cancelled',
          title: `活动取消：${activity.title}`,
          body: reason,
          link: `/activities/${activityId}`,
        },
      );
      callList = await openCallList(trx, deps, actor, {
        kind: 'activity.cancelled',
        subject: { type: 'activity', id: activityId },
        communityId: activity.community_id,
        title: `活动取消：${activity.title}`,
        message: `「${activity.title}」（原定 ${whenOrWhereOf(activity)}）取消了。原因：${reason}`,
        people: people.map((r) => ({ residentId: r.resident_id, role: r.status })),
      });
    }
    await recordAudit(trx, deps, actor, {
      action: 'activity.cancel',
      targetType: 'activity',
      targetId: activityId,
      communityId: activity.community_id,
      summary: `取消活动「${activity.title}」：${reason}`,
    });
    return { id: activityId, status: 'cancelled' as const, callList };
  });
}

// Categories --------------------------------------------------------------------------------

/** The center adds an activity category (类别); the answer is the whole list, in order. */
export async function createCategory({ deps, actor, name }: { deps: AppDeps; actor: Actor; name: string }) {
  if (!canReview(actor)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertCategory(trx, name);
    await recordAudit(trx, deps, actor, {
      action: 'activity.category.create',
      targetType: 'activity_category',
      summary: `新增活动类别 ${name}`,
    });
  });
  return repo.listCategories(deps.db);
}

/**
 * 一键发布: every approved activity of the week goes onto the menu, in the caller's transaction
 * (the menus module marks the week published in the same one). Returns how many were published.
 */
export function publishApprovedOfWeek(trx: Trx, _deps: AppDeps, { week, at }: { week: string; at: string }) {
  return repo.publishApprovedOfWeek(trx, week, at);
}

/** The settings as the center's form shows them. */
export async function readMenuSettings({ deps, actor }: { deps: AppDeps; actor: Actor }): Promise<TMenuSettings> {
  if (!canReview(actor)) throw new AppError('FORBIDDEN');
  return loadMenuSettings(deps.db);
}

/** The center changes the submission deadline and the check-in window (a form without its close keeps it). */
export async function updateMenuSettings({
  deps,
  actor,
  settings,
}: {
  deps: AppDeps;
  actor: Actor;
  settings: TMenuSettings;
}): Promise<TMenuSettings> {
  if (!canReview(actor)) throw new AppError('FORBIDDEN');
  return deps.db.transaction().execute(async (trx) => {
    const saved: MenuSettings = {
      ...settings,
      checkinClosesMinutesAfter:
        settings.checkinClosesMinutesAfter ?? (await loadMenuSettings(trx)).checkinClosesMinutesAfter,
    };
    await saveMenuSettings(trx, saved);
    await recordAudit(trx, deps, actor, {
      action: 'menu.settings',
      targetType: 'app_settings',
      summary: `报送截止：每周${'一二三四五六日'[saved.deadline.weekday - 1]} ${saved.deadline.time}；签到提前 ${saved.checkinOpensMinutesBefore} 分钟开放，活动结束后 ${saved.checkinClosesMinutesAfter} 分钟关闭`,
    });
    return saved;
  });
}
