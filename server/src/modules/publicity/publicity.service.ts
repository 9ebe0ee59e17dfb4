import { AppError, isFeedbackOpen, type FieldIssue, type TFeedbackCreate, type TResultPublish } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Db } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity } from '../communities/index.js';
import { reencodePhoto, removePhotoBlobs, storePhotoBlobs } from './photo-files.js';
import * as repo from './publicity.repository.js';
import { canPublishFor, isPartnerOf } from './publicity.policy.js';
import type { ResultParts } from './publicity.presenter.js';

export const RESULTS_PAGE_SIZE = 10;
const FEEDBACK_SHOWN = 5;

const invalid = (details: FieldIssue[]) => new AppError('VALIDATION_FAILED', { details });

/* ---------- photos ---------- */

export async function uploadPhoto({
  deps,
  actor,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  data: { communityId: number; image: Buffer };
}) {
  if (!(await findCommunity(deps.db, data.communityId)))
    throw invalid([{ field: 'communityId', message: '社区不存在' }]);
  if (!canPublishFor(actor, data.communityId)) throw new AppError('FORBIDDEN');
  const encoded = await reencodePhoto(data.image);
  const storedPath = await storePhotoBlobs(deps, encoded);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const id = await repo.insertPhoto(trx, {
        communityId: data.communityId,
        path: storedPath,
        width: encoded.width,
        height: encoded.height,
        bytes: encoded.full.length,
        uploadedBy: actor.userId,
        at: deps.clock.now().toISOString(),
      });
      await recordAudit(trx, deps, actor, {
        action: 'photo.upload',
        targetType: 'photo',
        targetId: id,
        communityId: data.communityId,
        summary: `上传活动照片 ${encoded.width}×${encoded.height}`,
      });
      return { id, path: storedPath, width: encoded.width, height: encoded.height };
    });
  } catch (error) {
    // No row, no blob: nothing would refer to it and nobody could ever delete it.
    await removePhotoBlobs(deps, storedPath);
    throw error;
  }
}

/* ---------- results ---------- */

function checkReferences(ids: number[], found: Map<number, boolean>, field: string, wrong: string): FieldIssue[] {
  const seen = new Set<number>();
  return ids.flatMap((id, index) => {
    if (seen.has(id)) return [{ field: `${field}.${index}`, message: '重复了' }];
    seen.add(id);
    return found.get(id) ? [] : [{ field: `${field}.${index}`, message: wrong }];
  });
}

/**
 * Publishes (or replaces) an activity's result. Attendance and registrations are counted from the
 * check-ins and registrations at this moment — never taken from the form — so the wall shows
 * what happened, not what someone typed.
 */
export async function publishResult({
  deps,
  actor,
  activityId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
  data: TResultPublish;
}) {
  const activity = await repo.findActivity(deps.db, activityId);
  if (!activity) throw new AppError('NOT_FOUND');
  if (!canPublishFor(actor, activity.community_id)) throw new AppError('FORBIDDEN');
  if (activity.status !== 'published') throw new AppError('INVALID_STATE', { message: '活动发布并举办后才能发布成果' });
  const now = deps.clock.now();
  if (Date.parse(activity.starts_at) > now.getTime())
    throw new AppError('INVALID_STATE', { message: '活动开始后才能发布成果' });

  const photoIds = data.photoIds ?? [];
  const partnerIds = data.thankedPartnerIds ?? [];
  const [photos, partners] = await Promise.all([
    repo.findPhotos(deps.db, photoIds),
    repo.findPartners(deps.db, partnerIds),
  ]);
  const issues = [
    ...checkReferences(
      photoIds,
      new Map(photos.map((p) => [p.id, p.community_id === activity.community_id])),
      'photoIds',
      '照片不存在或不属于本社区',
    ),
    ...checkReferences(
      partnerIds,
      new Map(partners.map((p) => [p.id, isPartnerOf(p, activity.community_id)])),
      'thankedPartnerIds',
      '合作方不存在或不属于本社区',
    ),
  ];
  if (issues.length) throw invalid(issues);

  await deps.db.transaction().execute(async (trx) => {
    const figures = await repo.countAttendance(trx, activityId);
    const outcome = await repo.upsertResult(trx, {
      activityId,
      summary: data.summary,
      ...figures,
      publishedBy: actor.userId,
      at: now.toISOString(),
    });
    await repo.replaceResultPhotos(trx, activityId, photoIds);
    await repo.replaceResultPartners(trx, activityId, partnerIds);
    await recordAudit(trx, deps, actor, {
      action: outcome === 'created' ? 'activity.result.publish' : 'activity.result.update',
      targetType: 'activity',
      targetId: activityId,
      communityId: activity.community_id,
      summary: `${outcome === 'created' ? '发布' : '更新'}活动成果「${activity.title}」：签到 ${figures.attendance} 人，报名 ${figures.registered} 人，照片 ${photoIds.length} 张`,
    });
  });
  return getPublicResult({ deps, activityId });
}

async function assembleResults(db: Db, results: Awaited<ReturnType<typeof repo.listResults>>): Promise<ResultParts[]> {
  const ids = results.map((r) => r.activity_id);
  const [photos, partners, ratings, feedback] = await Promise.all([
    repo.listResultPhotos(db, ids),
    repo.listResultPartners(db, ids),
    repo.ratingsOf(db, ids),
    repo.latestFeedback(db, ids, FEEDBACK_SHOWN),
  ]);
  return results.map((result) => ({
    result,
    photos: photos.filter((p) => p.activity_id === result.activity_id),
    partners: partners.filter((p) => p.activity_id === result.activity_id),
    rating: ratings.find((r) => r.activityId === result.activity_id),
    feedback: feedback.filter((f) => f.activity_id === result.activity_id),
  }));
}

export async function listResultsWall({
  deps,
  communityId,
  page,
}: {
  deps: AppDeps;
  communityId?: number;
  page: number;
}) {
  const rows = await repo.listResults(deps.db, {
    communityId,
    offset: (page - 1) * RESULTS_PAGE_SIZE,
    limit: RESULTS_PAGE_SIZE + 1,
  });
  return {
    results: await assembleResults(deps.db, rows.slice(0, RESULTS_PAGE_SIZE)),
    page,
    hasMore: rows.length > RESULTS_PAGE_SIZE,
  };
}

export async function getPublicResult({ deps, activityId }: { deps: AppDeps; activityId: number }) {
  const [parts] = await assembleResults(deps.db, await repo.listResults(deps.db, { activityId, offset: 0, limit: 1 }));
  if (!parts) throw new AppError('NOT_FOUND', { message: '这个活动还没有发布成果' });
  return parts;
}

/* ---------- feedback ---------- */

/**
 * A resident who checked in rates the activity, from the check-in until a week after it ended.
 * One rating per person: a second submission corrects the first (a senior who tapped the wrong
 * star can fix it) rather than being refused.
 */
export async function giveFeedback({
  deps,
  actor,
  activityId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  activityId: number;
  data: TFeedbackCreate;
}) {
  if (!actor.resident) throw new AppError('FORBIDDEN', { message: '请用居民账号评价' });
  const residentId = actor.resident.id;
  const activity = await repo.findActivity(deps.db, activityId);
  if (!activity) throw new AppError('NOT_FOUND');
  if (!(await repo.findCheckin(deps.db, activityId, residentId))) throw new AppError('NOT_ATTENDED');
  const now = deps.clock.now();
  if (!isFeedbackOpen({ endsAt: activity.ends_at }, now)) throw new AppError('FEEDBACK_CLOSED');
  const comment = data.comment ? data.comment : null;
  const outcome = await deps.db
    .transaction()
    .execute((trx) =>
      repo.saveFeedback(trx, { activityId, residentId, stars: data.stars, comment, at: now.toISOString() }),
    );
  return { outcome, feedback: { activityId, stars: data.stars, comment } };
}
