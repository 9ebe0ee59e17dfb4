import { AppError, type TMerchantCreate, type TMerchantUpdate } from '@zhongli/domain';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity } from '../communities/index.js';
import * as repo from './merchants.repository.js';
import { canManageMerchant, canManageMerchants } from './merchants.policy.js';

/** A merchant by id (or nothing), for other modules checking the one they were given and naming it. */
export function findMerchant(db: Db | Trx, id: number) {
  return repo.findMerchant(db, id);
}

export async function registerMerchant({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TMerchantCreate }) {
  if (!(await findCommunity(deps.db, data.communityId))) {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'communityId', message: '社区不存在' }] });
  }
  if (!canManageMerchants(actor, data.communityId)) throw new AppError('FORBIDDEN');
  return await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertMerchant(trx, { ...data, at: deps.clock.now().toISOString() });
    await recordAudit(trx, deps, actor, {
      action: 'merchant.create',
      targetType: 'merchant',
      targetId: id,
      communityId: data.communityId,
      summary: `登记商户 ${data.name}${data.partyAlliance ? '（党建联盟商户）' : ''}`,
    });
    return { id };
  });
}

export async function updateMerchant({
  deps,
  actor,
  merchantId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId: number;
  data: TMerchantUpdate;
}) {
  const merchant = await repo.findMerchant(deps.db, merchantId);
  if (!merchant) throw new AppError('NOT_FOUND');
  if (!canManageMerchants(actor, merchant.community_id)) throw new AppError('FORBIDDEN');
  return await deps.db.transaction().execute(async (trx) => {
    await repo.updateMerchant(trx, merchantId, data);
    await recordAudit(trx, deps, actor, {
      action: 'merchant.update',
      targetType: 'merchant',
      targetId: merchantId,
      communityId: merchant.community_id,
      summary: `修改商户 ${merchant.name}：${Object.keys(data).join('、') || '无变化'}`,
    });
    return (await repo.findMerchant(trx, merchantId))!;
  });
}

export function listMerchantsInScope({
  deps,
  actor,
  communityId,
}: {
  deps: AppDeps;
  actor: Actor;
  communityId?: number;
}) {
  return repo.listMerchants(deps.db, { communityIds: staffCommunityIds(actor), communityId });
}

export async function getMerchant({ deps, actor, merchantId }: { deps: AppDeps; actor: Actor; merchantId: number }) {
  const merchant = await repo.findMerchant(deps.db, merchantId);
  if (!merchant) throw new AppError('NOT_FOUND');
  if (!canManageMerchant(actor, merchant)) throw new AppError('FORBIDDEN');
  return merchant;
}
