import { AppError, type TNeedCreate } from '@zhongli/domain';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './needs.repository.js';
import { canPlanFor, canVoiceNeedIn } from './needs.policy.js';

export async function postNeed({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TNeedCreate }) {
  if (!actor.resident) throw new AppError('FORBIDDEN', { message: '请用居民账号点单' });
  if (!canVoiceNeedIn(actor, data.communityId))
    throw new AppError('FORBIDDEN', { message: '只能在自己所在的社区点单' });
  const residentId = actor.resident.id;
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertNeed(trx, { ...data, residentId, at: deps.clock.now().toISOString() });
    await recordAudit(trx, deps, actor, {
      action: 'need.create',
      targetType: 'need',
      targetId: id,
      communityId: data.communityId,
      onBehalfResidentId: residentId,
      summary: `居民点单（${data.category}）`,
    });
    return { id };
  });
}

/**
 * One support per resident per need. The unique (need_id, resident_id) row and the counter move in
 * one transaction; a second support violates the key and rolls the increment back, so `supports`
 * always equals the number of support rows, however many requests race.
 */
export async function supportNeed({ deps, actor, needId }: { deps: AppDeps; actor: Actor; needId: number }) {
  const need = await repo.findNeed(deps.db, needId);
  if (!need) throw new AppError('NOT_FOUND');
  if (!actor.resident || !canVoiceNeedIn(actor, need.community_id))
    throw new AppError('FORBIDDEN', { message: '只能支持自己所在社区的需求' });
  const residentId = actor.resident.id;
  return await deps.db.transaction().execute(async (trx) => {
    await repo.insertSupport(trx, { needId, residentId, at: deps.clock.now().toISOString() });
    return { needId, supports: await repo.incrementSupports(trx, needId) };
  });
}

async function withAnswers(deps: AppDeps, needs: Awaited<ReturnType<typeof repo.listNeeds>>) {
  const answers = await repo.listAnsweringActivities(
    deps.db,
    needs.map((n) => n.id),
  );
  return needs.map((need) => ({ need, answeredBy: answers.filter((a) => a.need_id === need.id) }));
}

export async function listPublicNeeds({ deps, communityId }: { deps: AppDeps; communityId?: number }) {
  return withAnswers(deps, await repo.listNeeds(deps.db, { communityIds: 'all', communityId }));
}

/** The planning view: what residents asked for, by category, within the staff member's communities. */
export async function planNeeds({
  deps,
  actor,
  communityId,
  category,
}: {
  deps: AppDeps;
  actor: Actor;
  communityId?: number;
  category?: string;
}) {
  if (communityId && !canPlanFor(actor, communityId)) throw new AppError('FORBIDDEN');
  const filter = { communityIds: staffCommunityIds(actor), communityId, category };
  const [byCategory, needs] = await Promise.all([
    repo.countByCategory(deps.db, filter),
    repo.listNeeds(deps.db, filter),
  ]);
  byCategory.sort(
    (a, b) => b.supports - a.supports || b.needs - a.needs || a.category.localeCompare(b.category, 'zh-CN'),
  );
  return { byCategory, needs: await withAnswers(deps, needs) };
}
