import {
  AppError,
  findClashes,
  shiftWeek,
  submissionDeadline,
  weekOfInstant,
  weekWindow,
  type Clash,
  type TMenuCurrent,
  type TWeekApproved,
  type TWeekPublished,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import {
  approveSubmitted,
  activitiesOfWeek,
  lockActivitiesOfWeek,
  loadMenuSettings,
  publicActivitiesOfWeek,
  publicActivityRows,
  publishApprovedOfWeek,
  type ActivityView,
} from '../activities/index.js';
import { recordAudit } from '../audit/index.js';
import { centerOf, holidayCalendar, listCommunities, publicBaseUrl } from '../communities/index.js';
import * as repo from './menus.repository.js';
import { canManageMenus } from './menus.policy.js';

const DAY_MS = 86_400_000;

/** This week, next week, and when submissions for next week close (the server's clock and settings). */
export async function menuCurrent({ deps }: { deps: AppDeps }): Promise<TMenuCurrent> {
  const now = deps.clock.now();
  const { deadline } = await loadMenuSettings(deps.db);
  const thisWeek = weekOfInstant(now);
  const nextWeek = shiftWeek(thisWeek, 1);
  const calendar = await holidayCalendar(deps.db);
  return {
    thisWeek,
    nextWeek,
    nextWeekDeadline: submissionDeadline(nextWeek, deadline, calendar).toISOString(),
    deadline,
  };
}

/** The center's review view: every submitted, approved, returned or published activity of a week, with clashes. */
export async function weekForReview({ deps, actor, week }: { deps: AppDeps; actor: Actor; week: string }) {
  if (!canManageMenus(actor)) throw new AppError('FORBIDDEN');
  const activities = await activitiesOfWeek({
    deps,
    week,
    statuses: ['submitted', 'approved', 'returned', 'published'],
  });
  const { deadline } = await loadMenuSettings(deps.db);
  const published = await repo.findMenuWeek(deps.db, week);
  return {
    week,
    deadline: submissionDeadline(week, deadline, await holidayCalendar(deps.db)).toISOString(),
    publishedAt: published?.published_at ?? null,
    activities,
    clashes: clashesAmong(activities),
  };
}

/** Same venue or same partner at overlapping times; a returned activity is out of the running. */
function clashesAmong(activities: ActivityView[]): Clash[] {
  return findClashes(
    activities
      .filter(({ row }) => row.status !== 'returned')
      .map(({ row, extras }) => ({
        id: row.id,
        title: row.title,
        communityId: row.community_id,
        venueId: row.venue_id,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        partnerIds: extras.partners.map((p) => p.id),
      })),
  );
}

/**
 * 一键通过: approves every submitted activity of the week that clashes with nothing (another
 * submission, an approved or a published activity), in one transaction, one audit entry each. The
 * others are listed with the reason. Each approval is the conditional submitted → approved step,
 * so two batches at once approve each activity once: the second finds it approved and lists it.
 */
export async function approveWeek({
  deps,
  actor,
  week,
}: {
  deps: AppDeps;
  actor: Actor;
  week: string;
}): Promise<TWeekApproved> {
  if (!canManageMenus(actor)) throw new AppError('FORBIDDEN');
  const result: TWeekApproved = { week, approved: [], skipped: [] };
  await deps.db.transaction().execute(async (trx) => {
    // Read (and lock) inside: a published activity edited into a clash just before must be seen.
    const activities = await lockActivitiesOfWeek(trx, deps, {
      week,
      statuses: ['submitted', 'approved', 'published'],
    });
    const clashes = clashesAmong(activities);
    const titleOf = (id: number) => activities.find((a) => a.row.id === id)?.row.title ?? `#${id}`;
    const clashReason = (id: number) => {
      const reasons = clashes.flatMap((clash) => {
        if (!clash.activityIds.includes(id)) return [];
        const other = titleOf(clash.activityIds[0] === id ? clash.activityIds[1] : clash.activityIds[0]);
        return [clash.kind === 'venue' ? `与「${other}」同一场地时间重叠` : `与「${other}」请了同一合作方且时间重叠`];
      });
      return reasons.length ? reasons.join('；') : null;
    };
    for (const { row } of activities) {
      if (row.status !== 'submitted') continue;
      const clash = clashReason(row.id);
      if (clash) {
        result.skipped.push({ id: row.id, title: row.title, reason: clash });
        continue;
      }
      const approved = await approveSubmitted(trx, deps, actor, {
        id: row.id,
        title: row.title,
        communityId: row.community_id,
      });
      if (approved) result.approved.push({ id: row.id, title: row.title });
      else result.skipped.push({ id: row.id, title: row.title, reason: '已被他人处理' });
    }
  });
  return result;
}

/** 中心及时告: publishes every approved activity of the week in one step and marks the week published. */
export async function publishWeek({
  deps,
  actor,
  week,
}: {
  deps: AppDeps;
  actor: Actor;
  week: string;
}): Promise<TWeekPublished> {
  if (!canManageMenus(actor)) throw new AppError('FORBIDDEN');
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    const published = await publishApprovedOfWeek(trx, deps, { week, at });
    const row = await repo.markWeekPublished(trx, { week, at, by: actor.userId });
    await recordAudit(trx, deps, actor, {
      action: 'menu.publish',
      targetType: 'menu_week',
      targetId: week,
      summary: `发布 ${week} 活动菜单（${published} 项）`,
    });
    return { week, publishedAt: row.published_at, published };
  });
}

/**
 * The public menu of a published week: published activities grouped by community, cancelled
 * ones kept and marked (residents who saw them must see they are off).
 */
export async function publicMenu({ deps, week }: { deps: AppDeps; week: string }) {
  const published = await repo.findMenuWeek(deps.db, week);
  if (!published) throw new AppError('WEEK_NOT_PUBLISHED');
  const [activities, communities, center] = await Promise.all([
    publicActivitiesOfWeek({ deps, week }),
    listCommunities(deps),
    centerOf(deps),
  ]);
  return {
    week,
    publishedAt: published.published_at,
    window: weekWindow(week),
    communities: communities.map((c) => ({
      ...c,
      activities: activities.filter(({ row }) => row.community_id === c.id),
    })),
    activities,
    centerName: center.name,
    publicUrl: center.publicUrl,
  };
}
export type PublicMenu = Awaited<ReturnType<typeof publicMenu>>;

/**
 * The published week for what needs absolute links (the article, the week's calendar): they are built
 * on the center's public address only, so without one the answer is PUBLIC_URL_NOT_SET.
 */
export async function linkedMenu({ deps, week }: { deps: AppDeps; week: string }) {
  const menu = await publicMenu({ deps, week });
  if (!menu.publicUrl) throw new AppError('PUBLIC_URL_NOT_SET');
  return { ...menu, publicUrl: menu.publicUrl };
}

/** What a subscribed calendar shows: the published activities from a week ago to eight weeks ahead. */
export async function subscriptionFeed({ deps, communityId }: { deps: AppDeps; communityId?: number }) {
  const now = deps.clock.now();
  const publicUrl = await publicBaseUrl(deps);
  const rows = await publicActivityRows({
    deps,
    communityId,
    from: new Date(now.getTime() - 7 * DAY_MS).toISOString(),
    to: new Date(now.getTime() + 56 * DAY_MS).toISOString(),
    limit: 1000,
  });
  return { rows, publicUrl };
}
