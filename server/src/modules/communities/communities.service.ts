import { AppError, type TCenter, type TCommunity, type TCommunityCreate, type TVenueCreate } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './communities.repository.js';
import { canCreateCommunity, canManageVenues } from './communities.policy.js';

/** The center's name as stored (set up on first start), or the configured one. */
export async function centerOf(deps: AppDeps): Promise<TCenter> {
  return { name: (await repo.findCenter(deps.db))?.name ?? deps.config.centerName };
}

export function listCommunities(deps: AppDeps): Promise<TCommunity[]> {
  return repo.listCommunities(deps.db);
}

/** A community by id, for other modules checking that the one they were given exists. */
export function findCommunity(db: Db | Trx, id: number) {
  return repo.findCommunity(db, id);
}

export async function createCommunity({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TCommunityCreate }) {
  if (!canCreateCommunity(actor)) throw new AppError('FORBIDDEN');
  return await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertCommunity(trx, data.name, deps.clock.now().toISOString());
    await recordAudit(trx, deps, actor, {
      action: 'community.create',
      targetType: 'community',
      targetId: id,
      communityId: id,
      summary: `新建社区 ${data.name}`,
    });
    return { id, name: data.name };
  });
}

export async function listVenuesOf({ deps, actor, communityId }: { deps: AppDeps; actor: Actor; communityId: number }) {
  await requireCommunity(deps, communityId);
  if (!canManageVenues(actor, communityId)) throw new AppError('FORBIDDEN');
  return repo.listVenues(deps.db, communityId);
}

export async function createVenue({
  deps,
  actor,
  communityId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  communityId: number;
  data: TVenueCreate;
}) {
  const community = await requireCommunity(deps, communityId);
  if (!canManageVenues(actor, communityId)) throw new AppError('FORBIDDEN');
  return await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertVenue(trx, {
      communityId,
      name: data.name,
      address: data.address || null,
      at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, actor, {
      action: 'venue.create',
      targetType: 'venue',
      targetId: id,
      communityId,
      summary: `${community.name} 新增场地 ${data.name}`,
    });
    return { id, name: data.name, address: data.address || null };
  });
}

async function requireCommunity(deps: AppDeps, communityId: number) {
  const community = await repo.findCommunity(deps.db, communityId);
  if (!community) throw new AppError('NOT_FOUND');
  return community;
}
