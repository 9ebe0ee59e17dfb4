import type { TActivityStatus } from './activities.schemas.js';

/**
 * The weekly cycle in one table: each step an activity can take, the states it may be taken from,
 * and the state it leads to. The server's conditional updates (`… WHERE status IN (from)`) and the
 * console's buttons both read it, so a button is offered exactly when the step would succeed.
 */
export const ACTIVITY_TRANSITIONS = {
  /** 社区提前报: a draft, or one the center returned, goes to the center. */
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  /** 中心审核通过. */
  approve: { from: ['submitted'], to: 'approved' },
  /** 中心退回 with a reason, also after approval (until the week is published). */
  return: { from: ['submitted', 'approved'], to: 'returned' },
  /** 补充发布: the center puts one activity on the menu at once, whatever step it had reached. */
  publish: { from: ['draft', 'submitted', 'approved', 'returned'], to: 'published' },
  /** 一键发布本周菜单: every approved activity of the week. */
  publishWeek: { from: ['approved'], to: 'published' },
  /** Called off, at any step; it stays on every output, marked. */
  cancel: { from: ['draft', 'submitted', 'approved', 'returned', 'published'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly TActivityStatus[]; to: TActivityStatus }>;

export type TActivityTransition = keyof typeof ACTIVITY_TRANSITIONS;

/** Whether `step` may be taken from `status`. */
export function canTransition(step: TActivityTransition, status: TActivityStatus): boolean {
  return (ACTIVITY_TRANSITIONS[step].from as readonly TActivityStatus[]).includes(status);
}

/**
 * Staff edit drafts and returned activities freely, and published ones with a change note
 * (registrants are told); submitted and approved ones are frozen while the center reviews them.
 */
export const EDITABLE_STATUSES = ['draft', 'returned', 'published'] as const satisfies readonly TActivityStatus[];

export function canEditActivity(status: TActivityStatus): boolean {
  return (EDITABLE_STATUSES as readonly TActivityStatus[]).includes(status);
}

/** What the community's activity list offers on one row (活动管理). */
export type TActivityAction = 'submit' | 'publish' | 'edit' | 'registrations' | 'checkin' | 'result' | 'cancel';

interface ActivityTimes {
  status: TActivityStatus;
  startsAt: string;
  endsAt: string;
}

/**
 * The buttons on one row of 活动管理: 报送 and 编辑 by state; 补充发布 for the center; the 报名名单
 * and 签到 once on the menu; 发布成果 once it has started; 取消 until it has ended.
 */
export function activityActionsFor(
  activity: ActivityTimes,
  { reviewer, now }: { reviewer: boolean; now: Date },
): TActivityAction[] {
  const live = activity.status === 'published';
  const offered: [TActivityAction, boolean][] = [
    ['submit', canTransition('submit', activity.status)],
    ['publish', reviewer && canTransition('publish', activity.status)],
    ['edit', canEditActivity(activity.status)],
    ['registrations', live],
    ['checkin', live],
    ['result', live && Date.parse(activity.startsAt) <= now.getTime()],
    ['cancel', canTransition('cancel', activity.status) && Date.parse(activity.endsAt) > now.getTime()],
  ];
  return offered.filter(([, yes]) => yes).map(([action]) => action);
}

/**
 * The center's review of a week is "late" once the submission deadline has passed or the week is
 * published: then drafts show too, and the center may publish one at once (补充发布), since the
 * community can no longer submit it. Before that, drafts are the community's own business.
 */
export function isReviewLate(week: { deadline: string; publishedAt: string | null }, now: Date): boolean {
  return week.publishedAt != null || Date.parse(week.deadline) < now.getTime();
}

export type TReviewAction = 'approve' | 'return' | 'publish';

/** The buttons on an activity in the center's review (菜单审核). */
export function reviewActionsFor(activity: { status: TActivityStatus }, { late }: { late: boolean }): TReviewAction[] {
  const offered: [TReviewAction, boolean][] = [
    ['approve', canTransition('approve', activity.status)],
    ['return', canTransition('return', activity.status)],
    ['publish', activity.status === 'approved' || (late && canTransition('publish', activity.status))],
  ];
  return offered.filter(([, yes]) => yes).map(([action]) => action);
}

/** Whether the review lists an activity: drafts only in the late phase. */
export function isShownInReview(activity: { status: TActivityStatus }, { late }: { late: boolean }): boolean {
  return activity.status !== 'draft' || late;
}
