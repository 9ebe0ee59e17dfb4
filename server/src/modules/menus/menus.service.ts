import {
  AppError,
  PUBLIC_ACTIVITY_STATUSES,
  findClashes,
  submissionDeadline,
  weekWindow,
  type Clash,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { centerOf } from '../communities/index.js';
import * as activities from '../activities/activities.repository.js';
import { isPublicRow, loadExtras } from '../activities/activities.service.js';
import { canReview } from '../activities/activities.policy.js';
import { loadMenuSettings, saveMenuSettings, type MenuSettings } from './menus.settings.js';

/** The center's review view: every submitted, approved or published activity of a week, with clashes. */
export async function weekForReview({ deps, actor, week }: { deps: AppDeps; actor: Actor; week: string }) {
  if (!canReview(actor)) throw new AppError('FORBIDDEN');
  const rows = await activities.listActivities(deps.db, {
    week,
    statuses: ['submitted', 'approved', 'returned', 'published'],
  });
  const extras = await loadExtras(deps, rows);
  const clashes = clashesAmong(rows, extras);
  const { deadline } = await loadMenuSettings(deps.db);
  const published = await deps.db.selectFrom('menu_weeks').selectAll().where('week', '=', week).executeTakeFirst();
  return {
    rows,
    extras,
    clashes,
    deadline: submissionDeadline(week, deadline).toISOString(),
    publishedAt: published?.published_at ?? null,
  };
}

function clashesAmong(rows: activities.ActivityRow[], extras: Awaited<ReturnType<typeof loadExtras>>): Clash[] {
  return findClashes(
    rows
      .filter((r) => r.status !== 'returned')
      .map((r) => ({
        id: r.id,
        title: r.title,
        communityId: r.community_id,
        venueId: r.venue_id,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        partnerIds: extras(r)
          .partners.filter((p) => p.activity_id === r.id)
          .map((p) => p.id),
      })),
  );
}

/** 中心及时告: publishes every approved activity of the week in one step and marks the week published. */
export async function publishWeek({ deps, actor, week }: { deps: AppDeps; actor: Actor; week: string }) {
  if (!canReview(actor)) throw new AppError('FORBIDDEN');
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    const published = await activities.publishApprovedOfWeek(trx, week, at);
    await trx
      .insertInto('menu_weeks')
      .values({ week, published_at: at, published_by: actor.userId })
      .onConflict((oc) => oc.column('week').doNothing())
      .execute();
    const row = await trx.selectFrom('menu_weeks').selectAll().where('week', '=', week).executeTakeFirstOrThrow();
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
  const published = await deps.db.selectFrom('menu_weeks').selectAll().where('week', '=', week).executeTakeFirst();
  if (!published) throw new AppError('WEEK_NOT_PUBLISHED');
  const rows = (await activities.listActivities(deps.db, { week, statuses: [...PUBLIC_ACTIVITY_STATUSES] })).filter(
    isPublicRow,
  );
  const extras = await loadExtras(deps, rows);
  const communities = await deps.db.selectFrom('communities').select(['id', 'name']).orderBy('id').execute();
  const center = await centerOf(deps);
  return {
    week,
    publishedAt: published.published_at,
    window: weekWindow(week),
    rows,
    extras,
    communities,
    centerName: center.name,
  };
}

export async function updateMenuSettings({
  deps,
  actor,
  settings,
}: {
  deps: AppDeps;
  actor: Actor;
  settings: MenuSettings;
}) {
  if (!canReview(actor)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    await saveMenuSettings(trx, settings);
    await recordAudit(trx, deps, actor, {
      action: 'menu.settings',
      targetType: 'app_settings',
      summary: `报送截止：每周${settings.deadline.weekday} ${settings.deadline.time}；签到提前 ${settings.checkinOpensMinutesBefore} 分钟开放`,
    });
  });
  return settings;
}
