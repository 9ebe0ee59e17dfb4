import {
  AppError,
  type TCenter,
  type TCenterUpdate,
  type TCommunity,
  type TCommunityCreate,
  type TCommunityUpdate,
  type TVenueCreate,
  type TVenueUpdate,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './communities.repository.js';
import { canCreateCommunity, canEditCenter, canManageVenues } from './communities.policy.js';

/**
 * The center's name as stored (set up on first start), or the configured one, and its public address:
 * PUBLIC_URL wins, then 中心信息, then the demo's localhost default — never the request's Host.
 */
export async function centerOf(deps: AppDeps): Promise<TCenter> {
  const row = await repo.findCenter(deps.db);
  const name = row?.name ?? deps.config.centerName;
  if (deps.config.publicUrl) return { name, publicUrl: deps.config.publicUrl, publicUrlSource: 'config' };
  if (row?.public_url) return { name, publicUrl: row.public_url, publicUrlSource: 'center' };
  if (deps.config.demoPublicUrl) return { name, publicUrl: deps.config.demoPublicUrl, publicUrlSource: 'demo' };
  return { name, publicUrl: null, publicUrlSource: null };
}

/** The base of an absolute link another module builds (the article, a calendar feed, a shelf label). */
export async function publicBaseUrl(deps: AppDeps): Promise<string> {
  const { publicUrl } = await centerOf(deps);
  if (!publicUrl) throw new AppError('PUBLIC_URL_NOT_SET');
  return publicUrl;
}

/** 中心信息: the center admin renames the center or sets its public address (unless PUBLIC_URL fixes it). */
export async function updateCenter({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TCenterUpdate }) {
  if (!canEditCenter(actor)) throw new AppError('FORBIDDEN');
  if (data.publicUrl !== undefined && deps.config.publicUrl) throw new AppError('PUBLIC_URL_FROM_CONFIG');
  await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findCenter(trx);
    await repo.updateCenter(trx, { name: data.name, public_url: data.publicUrl });
    const changes = [
      data.name !== undefined ? `名称 ${before?.name ?? ''} → ${data.name}` : '',
      data.publicUrl !== undefined
        ? `公开网址 ${before?.public_url ?? '（未设置）'} → ${data.publicUrl ?? '（未设置）'}`
        : '',
    ];
    await recordAudit(trx, deps, actor, {
      action: 'center.update',
      targetType: 'center',
      targetId: 1,
      summary: `修改中心信息：${changes.filter(Boolean).join('；')}`,
    });
  });
  return centerOf(deps);
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

export async function listVenuesOf({
  deps,
  actor,
  communityId,
  withArchived = false,
}: {
  deps: AppDeps;
  actor: Actor;
  communityId: number;
  withArchived?: boolean;
}) {
  await requireCommunity(deps, communityId);
  if (!canManageVenues(actor, communityId)) throw new AppError('FORBIDDEN');
  return repo.listVenues(deps.db, communityId, withArchived);
}

/** The center renames a community (archived ones too: their history shows the name). */
export async function renameCommunity({
  deps,
  actor,
  communityId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  communityId: number;
  data: TCommunityUpdate;
}) {
  if (!canCreateCommunity(actor)) throw new AppError('FORBIDDEN');
  const community = await repo.findCommunityIncludingArchived(deps.db, communityId);
  if (!community) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    if (data.name !== undefined) await repo.renameCommunity(trx, communityId, data.name);
    await recordAudit(trx, deps, actor, {
      action: 'community.update',
      targetType: 'community',
      targetId: communityId,
      communityId,
      summary: `社区改名：${community.name} → ${data.name ?? community.name}`,
    });
  });
}

/**
 * Archives a community that nobody lives or works in any more: residents still on its register, enabled
 * accounts with a role there, or services it runs refuse the archiving (COMMUNITY_IN_USE, with the counts),
 * so nobody is left attached to a community the pickers no longer show. Move or archive them first.
 */
export async function archiveCommunity({
  deps,
  actor,
  communityId,
}: {
  deps: AppDeps;
  actor: Actor;
  communityId: number;
}) {
  if (!canCreateCommunity(actor)) throw new AppError('FORBIDDEN');
  const community = await repo.findCommunityIncludingArchived(deps.db, communityId);
  if (!community) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    const blockers = await repo.communityBlockers(trx, communityId);
    if (blockers.residents || blockers.accounts || blockers.services) {
      throw new AppError('COMMUNITY_IN_USE', {
        message: `社区还有 ${blockers.residents} 位在册居民、${blockers.accounts} 个在用账号、${blockers.services} 项便民服务，请先迁移或归档`,
        extra: blockers,
      });
    }
    if (!(await repo.archiveCommunity(trx, communityId, deps.clock.now().toISOString())))
      throw new AppError('ALREADY_ARCHIVED');
    await recordAudit(trx, deps, actor, {
      action: 'community.archive',
      targetType: 'community',
      targetId: communityId,
      communityId,
      summary: `归档社区 ${community.name}`,
    });
  });
}

/** The archived communities, for the center to restore one (they are in no other list). */
export async function listArchivedCommunities({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  if (!canCreateCommunity(actor)) throw new AppError('FORBIDDEN');
  return repo.listArchivedCommunities(deps.db);
}

/**
 * The center restores an archived community: it is back in pickers and public lists. Nothing else
 * changes — its venues stay as they were, residents archived with it stay archived.
 */
export async function unarchiveCommunity({
  deps,
  actor,
  communityId,
}: {
  deps: AppDeps;
  actor: Actor;
  communityId: number;
}) {
  if (!canCreateCommunity(actor)) throw new AppError('FORBIDDEN');
  const community = await repo.findCommunityIncludingArchived(deps.db, communityId);
  if (!community) throw new AppError('NOT_FOUND');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.unarchiveCommunity(trx, communityId))) throw new AppError('NOT_ARCHIVED');
    await recordAudit(trx, deps, actor, {
      action: 'community.unarchive',
      targetType: 'community',
      targetId: communityId,
      communityId,
      summary: `恢复社区 ${community.name}`,
    });
  });
}

export async function updateVenue({
  deps,
  actor,
  venueId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  venueId: number;
  data: TVenueUpdate;
}) {
  const venue = await repo.findVenue(deps.db, venueId);
  if (!venue) throw new AppError('NOT_FOUND');
  if (!canManageVenues(actor, venue.community_id)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateVenue(trx, venueId, { name: data.name, address: data.address });
    const changes = [
      data.name !== undefined && data.name !== venue.name ? `名称 ${venue.name} → ${data.name}` : '',
      data.address !== undefined ? `地址 ${venue.address ?? '（无）'} → ${data.address ?? '（无）'}` : '',
    ].filter(Boolean);
    await recordAudit(trx, deps, actor, {
      action: 'venue.update',
      targetType: 'venue',
      targetId: venueId,
      communityId: venue.community_id,
      summary: `修改场地 ${venue.name}${changes.length ? `：${changes.join('；')}` : ''}`,
    });
  });
}

/** An archived venue leaves the pickers; activities and services already held there keep it. */
export async function archiveVenue({ deps, actor, venueId }: { deps: AppDeps; actor: Actor; venueId: number }) {
  const venue = await repo.findVenue(deps.db, venueId);
  if (!venue) throw new AppError('NOT_FOUND');
  if (!canManageVenues(actor, venue.community_id)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.archiveVenue(trx, venueId, deps.clock.now().toISOString())))
      throw new AppError('ALREADY_ARCHIVED');
    await recordAudit(trx, deps, actor, {
      action: 'venue.archive',
      targetType: 'venue',
      targetId: venueId,
      communityId: venue.community_id,
      summary: `归档场地 ${venue.name}`,
    });
  });
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
    return { id, name: data.name, address: data.address || null, archived: false };
  });
}

async function requireCommunity(deps: AppDeps, communityId: number) {
  const community = await repo.findCommunity(deps.db, communityId);
  if (!community) throw new AppError('NOT_FOUND');
  return community;
}

/** Whoever may archive a venue may restore it: it is back in the pickers. */
export async function unarchiveVenue({ deps, actor, venueId }: { deps: AppDeps; actor: Actor; venueId: number }) {
  const venue = await repo.findVenue(deps.db, venueId);
  if (!venue) throw new AppError('NOT_FOUND');
  if (!canManageVenues(actor, venue.community_id)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.unarchiveVenue(trx, venueId))) throw new AppError('NOT_ARCHIVED');
    await recordAudit(trx, deps, actor, {
      action: 'venue.unarchive',
      targetType: 'venue',
      targetId: venueId,
      communityId: venue.community_id,
      summary: `恢复场地 ${venue.name}`,
    });
  });
}

/** A community by id, archived or not, for a record that names it (a partner's page). */
export function findCommunityIncludingArchived(db: Db | Trx, id: number) {
  return repo.findCommunityIncludingArchived(db, id);
}
