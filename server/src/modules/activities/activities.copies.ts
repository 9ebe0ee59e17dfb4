import { randomBytes } from 'node:crypto';
import {
  AppError,
  shiftWeek,
  weekOfInstant,
  type TActivityCopied,
  type TWeekStart,
  type TWeekStarted,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity } from '../communities/index.js';
import * as repo from './activities.repository.js';
import { canManageActivitiesIn } from './activities.policy.js';

const WEEK_MS = 7 * 86_400_000;
const plusWeek = (instant: string) => new Date(Date.parse(instant) + WEEK_MS).toISOString();

/** The draft a week after `source`, with its partners; made once per source (unique `copied_from_id`). */
async function copyWeekOn(trx: Trx, deps: AppDeps, actor: Actor, source: repo.ActivityRow) {
  const at = deps.clock.now().toISOString();
  const startsAt = plusWeek(source.starts_at);
  const copy = await repo.insertCopy(trx, source, {
    startsAt,
    endsAt: plusWeek(source.ends_at),
    week: weekOfInstant(new Date(startsAt)),
    checkinSecret: randomBytes(32).toString('hex'),
    createdBy: actor.userId,
    at,
  });
  if (!copy.created) return { ...copy, startsAt };
  const partners = await repo.partnersOf(trx, [source.id]);
  await repo.replaceLinks(trx, copy.id, { partnerIds: partners.map((p) => p.id) });
  await recordAudit(trx, deps, actor, {
    action: 'activity.copy',
    targetType: 'activity',
    targetId: copy.id,
    communityId: source.community_id,
    summary: `复制活动「${source.title}」到下一周（草稿）`,
  });
  return { ...copy, startsAt };
}

/** 复制到下周: a draft of the same activity a week later; a second click answers the copy already made. */
export async function copyActivityToNextWeek({
  deps,
  actor,
  activityId,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
}): Promise<TActivityCopied> {
  const source = await repo.findActivity(deps.db, activityId);
  if (!source) throw new AppError('NOT_FOUND');
  if (!canManageActivitiesIn(actor, source.community_id)) throw new AppError('FORBIDDEN');
  if (Date.parse(plusWeek(source.starts_at)) < deps.clock.now().getTime())
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'startsAt', message: '一周后的时间也已经过去，请新建活动' }],
    });
  if (source.venue_id && (await repo.isVenueArchived(deps.db, source.venue_id)))
    throw new AppError('VENUE_ARCHIVED', {
      details: [{ field: 'venue', message: `场地「${source.venue_name}」已归档，请新建活动另选场地` }],
    });
  const copy = await deps.db.transaction().execute((trx) => copyWeekOn(trx, deps, actor, source));
  return { id: copy.id, created: copy.created, startsAt: copy.startsAt, week: weekOfInstant(new Date(copy.startsAt)) };
}

/**
 * 从上周菜单开始: last week's published activities of a community become this week's drafts. Each
 * source is copied at most once, so a second click (or two staff at once) adds nothing.
 */
export async function startWeekFromLastWeek({
  deps,
  actor,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  data: TWeekStart;
}): Promise<TWeekStarted> {
  const community = await findCommunity(deps.db, data.communityId);
  if (!community)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'communityId', message: '社区不存在' }] });
  if (!canManageActivitiesIn(actor, community.id)) throw new AppError('FORBIDDEN');
  const sources = await repo.listActivities(deps.db, {
    communityId: community.id,
    week: shiftWeek(data.week, -1),
    statuses: ['published'],
  });
  const now = deps.clock.now().getTime();
  const result: TWeekStarted = { week: data.week, created: [], alreadyThere: [], skipped: [] };
  await deps.db.transaction().execute(async (trx) => {
    for (const source of sources) {
      if (Date.parse(plusWeek(source.starts_at)) < now) {
        result.skipped.push({ sourceId: source.id, title: source.title, reason: '本周的这个时间已经过去' });
        continue;
      }
      if (source.venue_id && (await repo.isVenueArchived(trx, source.venue_id))) {
        result.skipped.push({ sourceId: source.id, title: source.title, reason: '场地已归档，请新建活动另选场地' });
        continue;
      }
      const copy = await copyWeekOn(trx, deps, actor, source);
      if (copy.created) result.created.push({ id: copy.id, title: source.title, startsAt: copy.startsAt });
      else result.alreadyThere.push({ id: copy.id, title: source.title });
    }
  });
  return result;
}
