import {
  AppError,
  PARTNER_ACTIVITIES_PAGE_SIZE,
  PARTNER_KIND_LABELS,
  type ZPartnerCreate,
  type ZPartnerUpdate,
  type PartnerKind,
  type TPartnerCreated,
} from '@zhongli/domain';
import type { z } from 'zod';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity, findCommunityIncludingArchived } from '../communities/index.js';
import { findMerchant } from '../merchants/index.js';
import { canManagePartner, canViewPartner } from './partners.policy.js';
import * as repo from './partners.repository.js';

type PartnerCreate = z.output<typeof ZPartnerCreate>;
type PartnerUpdate = z.output<typeof ZPartnerUpdate>;

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', { details: [{ field, message }] });

/** Blank text clears a field: the forms send '' for an emptied input. */
const orNull = (value: string | null | undefined) => (value ? value : null);

/** The partners named by id (the activities module checks each exists and whether it is archived). */
export function findPartners(db: Db | Trx, ids: number[]) {
  return repo.findPartners(db, ids);
}

/**
 * The picker (a community: its own partners and the county-wide ones) or the console's list with
 * filters. Without a community, community staff see what they work with — their communities'
 * partners and the county-wide ones — and the center everything.
 */
export function listPartners({
  deps,
  actor,
  query,
}: {
  deps: AppDeps;
  actor: Actor;
  query: { communityId?: number; kind?: PartnerKind; q?: string; archived?: '0' | '1' | 'only' };
}) {
  const scope = staffCommunityIds(actor);
  return repo.listPartners(deps.db, {
    communityIds: query.communityId ? [query.communityId] : scope === 'all' ? 'all' : scope,
    kind: query.kind,
    q: query.q || undefined,
    archived: query.archived === '1' ? 'all' : query.archived === 'only' ? 'only' : 'active',
  });
}

export async function createPartner({
  deps,
  actor,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  data: PartnerCreate;
}): Promise<TPartnerCreated> {
  if (data.communityId && !(await findCommunity(deps.db, data.communityId))) throw invalid('communityId', '社区不存在');
  if (!canManagePartner(actor, { community_id: data.communityId ?? null }))
    throw new AppError('FORBIDDEN', {
      message: data.communityId ? '只能登记本社区的合作方' : '全县共用的合作方由中心登记',
    });
  if (data.kind === 'merchant' && !data.merchantId) throw invalid('merchantId', '爱心商家请选择商户');
  if (data.kind !== 'merchant' && data.merchantId) throw invalid('merchantId', '只有爱心商家关联商户');
  if (data.merchantId && !(await findMerchant(deps.db, data.merchantId))) throw invalid('merchantId', '商户不存在');
  return deps.db.transaction().execute(async (trx) => {
    // The unique key on active names (partners_active_name) is the guarantee; two desks registering
    // the same name at once: one gets PARTNER_NAME_TAKEN.
    const id = await repo.insertPartner(trx, {
      kind: data.kind,
      name: data.name,
      merchantId: data.merchantId ?? null,
      communityId: data.communityId ?? null,
      contactPerson: orNull(data.contactPerson),
      phone: orNull(data.phone),
      notes: orNull(data.notes),
      at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, actor, {
      action: 'partner.create',
      targetType: 'partner',
      targetId: id,
      communityId: data.communityId ?? null,
      summary: `登记合作方 ${data.name}（${PARTNER_KIND_LABELS[data.kind]}）`,
    });
    return { id };
  });
}

async function partnerToManage(deps: AppDeps, actor: Actor, partnerId: number) {
  const partner = await repo.findPartner(deps.db, partnerId);
  if (!partner) throw new AppError('NOT_FOUND');
  if (!canManagePartner(actor, partner))
    throw new AppError('FORBIDDEN', {
      message: partner.community_id ? '只能修改本社区的合作方' : '全县共用的合作方由中心修改',
    });
  return partner;
}

/** Edits the name and how to reach the partner; the audit entry says what changed (the phone masked). */
export async function updatePartner({
  deps,
  actor,
  partnerId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  partnerId: number;
  data: PartnerUpdate;
}) {
  const partner = await partnerToManage(deps, actor, partnerId);
  const change = {
    ...(data.name !== undefined ? { name: data.name } : {}),
    ...(data.contactPerson !== undefined ? { contact_person: orNull(data.contactPerson) } : {}),
    ...(data.phone !== undefined ? { phone: orNull(data.phone) } : {}),
    ...(data.notes !== undefined ? { notes: orNull(data.notes) } : {}),
  };
  const said = [
    change.name !== undefined && change.name !== partner.name ? `名称 ${partner.name} → ${change.name}` : '',
    change.contact_person !== undefined && change.contact_person !== partner.contact_person
      ? `联系人 ${partner.contact_person ?? '（无）'} → ${change.contact_person ?? '（无）'}`
      : '',
    change.phone !== undefined && change.phone !== partner.phone ? '联系电话' : '',
    change.notes !== undefined && change.notes !== partner.notes ? '备注' : '',
  ].filter(Boolean);
  await deps.db.transaction().execute(async (trx) => {
    await repo.updatePartner(trx, partnerId, change);
    await recordAudit(trx, deps, actor, {
      action: 'partner.update',
      targetType: 'partner',
      targetId: partnerId,
      communityId: partner.community_id,
      summary: `修改合作方 ${partner.name}${said.length ? `：${said.join('；')}` : '（无变化）'}`,
    });
  });
}

/**
 * Archiving takes a partner out of the pickers; activities and results that name it keep it.
 * Restoring brings it back — unless an active partner took its name meanwhile (PARTNER_NAME_TAKEN
 * from the unique key).
 */
export async function setPartnerArchived({
  deps,
  actor,
  partnerId,
  archived,
}: {
  deps: AppDeps;
  actor: Actor;
  partnerId: number;
  archived: boolean;
}) {
  const partner = await partnerToManage(deps, actor, partnerId);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.setArchived(trx, partnerId, archived ? deps.clock.now().toISOString() : null)))
      throw new AppError(archived ? 'ALREADY_ARCHIVED' : 'NOT_ARCHIVED');
    await recordAudit(trx, deps, actor, {
      action: archived ? 'partner.archive' : 'partner.unarchive',
      targetType: 'partner',
      targetId: partnerId,
      communityId: partner.community_id,
      summary: `${archived ? '归档' : '恢复'}合作方 ${partner.name}`,
    });
  });
}

/** A partner's record with a page of the activities it is named on or thanked in. */
export async function partnerDetail({
  deps,
  actor,
  partnerId,
  page,
}: {
  deps: AppDeps;
  actor: Actor;
  partnerId: number;
  page: number;
}) {
  const partner = await repo.findPartner(deps.db, partnerId);
  if (!partner) throw new AppError('NOT_FOUND');
  if (!canViewPartner(actor, partner)) throw new AppError('FORBIDDEN');
  const [merchant, community, activities] = await Promise.all([
    partner.merchant_id ? findMerchant(deps.db, partner.merchant_id) : undefined,
    partner.community_id ? findCommunityIncludingArchived(deps.db, partner.community_id) : undefined,
    repo.activitiesOfPartner(deps.db, partnerId, {
      limit: PARTNER_ACTIVITIES_PAGE_SIZE,
      offset: (page - 1) * PARTNER_ACTIVITIES_PAGE_SIZE,
    }),
  ]);
  return { partner, merchant, community, activities, page, canEdit: canManagePartner(actor, partner) };
}
export type PartnerDetail = Awaited<ReturnType<typeof partnerDetail>>;
