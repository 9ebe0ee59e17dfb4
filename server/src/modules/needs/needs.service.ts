import { AppError, type TNeedCreate, type TNeedOnBehalf } from '@zhongli/domain';
import { refuseOwnResident, staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { ensureActiveResident, findResident } from '../residents/index.js';
import * as repo from './needs.repository.js';
import { canPlanFor, canVoiceNeedFor, canVoiceNeedIn } from './needs.policy.js';

export async function postNeed({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TNeedCreate }) {
  if (!actor.resident) throw new AppError('FORBIDDEN', { message: '请用居民账号点单' });
  if (!canVoiceNeedIn(actor, data.communityId))
    throw new AppError('FORBIDDEN', { message: '只能在自己所在的社区点单' });
  const residentId = actor.resident.id;
  await ensureOwnRecordActive(deps, residentId);
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
  await ensureOwnRecordActive(deps, residentId);
  return await deps.db.transaction().execute(async (trx) => {
    await repo.insertSupport(trx, { needId, residentId, at: deps.clock.now().toISOString() });
    return { needId, supports: await repo.incrementSupports(trx, needId) };
  });
}

/** A resident's login outlives the archiving of its record (history stays readable), but it no longer voices needs. */
async function ensureOwnRecordActive(deps: AppDeps, residentId: number) {
  ensureActiveResident((await findResident(deps.db, residentId))!);
}

/** The resident staff speak for: unknown → 400 naming the field; another community's → 403. */
async function residentAtThisDesk(deps: AppDeps, actor: Actor, residentId: number) {
  const resident = await findResident(deps.db, residentId);
  if (!resident) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '居民不存在' }] });
  if (!canVoiceNeedFor(actor, resident)) throw new AppError('FORBIDDEN', { message: '只能为本社区的居民代点单' });
  ensureActiveResident(resident);
  refuseOwnResident(actor, resident.id);
  return resident;
}

/** 代点单: staff post a need for a resident of their community (audited: who acted, for whom). */
export async function postNeedOnBehalf({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TNeedOnBehalf }) {
  const resident = await residentAtThisDesk(deps, actor, data.residentId);
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertNeed(trx, {
      communityId: resident.community_id,
      residentId: resident.id,
      category: data.category,
      text: data.text,
      postedBy: actor.userId,
      at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, actor, {
      action: 'need.create_on_behalf',
      targetType: 'need',
      targetId: id,
      communityId: resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `代 ${resident.name} 点单（${data.category}）`,
    });
    return { id };
  });
}

/** Staff add a resident's support at the desk: the same once-per-resident key as the resident's own. */
export async function supportNeedOnBehalf({
  deps,
  actor,
  needId,
  residentId,
}: {
  deps: AppDeps;
  actor: Actor;
  needId: number;
  residentId: number;
}) {
  const need = await repo.findNeed(deps.db, needId);
  if (!need) throw new AppError('NOT_FOUND');
  const resident = await residentAtThisDesk(deps, actor, residentId);
  if (resident.community_id !== need.community_id)
    throw new AppError('FORBIDDEN', { message: '只能支持居民所在社区的需求' });
  return await deps.db.transaction().execute(async (trx) => {
    await repo.insertSupport(trx, {
      needId,
      residentId,
      supportedBy: actor.userId,
      at: deps.clock.now().toISOString(),
    });
    const supports = await repo.incrementSupports(trx, needId);
    await recordAudit(trx, deps, actor, {
      action: 'need.support_on_behalf',
      targetType: 'need',
      targetId: needId,
      communityId: need.community_id,
      onBehalfResidentId: resident.id,
      summary: `代 ${resident.name} 支持需求「${need.text.slice(0, 20)}」`,
    });
    return { needId, supports };
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
