import {
  AppError,
  CONTRIBUTION_KIND_LABELS,
  countyDateOf,
  countyPeriodWindow,
  rateFromTotals,
  ratingPeriod,
  workingDaysBetween,
  type TContributionCreate,
  type TMerchantRequestCreate,
  type TMerchantRequestUpdate,
} from '@zhongli/domain';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { keysetCursor, keysetPage } from '../../platform/keyset.js';
import type { XlsxColumn, XlsxSheet } from '../../platform/xlsx.js';
import { auditedExport, recordAudit } from '../audit/index.js';
import * as merchants from './merchants.repository.js';
import * as repo from './partners.repository.js';
import type { RequestRow } from './partners.repository.js';
import { canManageMerchant, canManageMerchants, merchantIdsOf } from './merchants.policy.js';

/** A request is overdue after this many working days without being resolved (商户诉求 3 个工作日内办结). */
export const REQUEST_TARGET_WORKING_DAYS = 3;
/** Supported activities fetched per merchant for the wall: the most a page shows (the public page's ten; the wall shows five). */
const WALL_ACTIVITIES_PER_MERCHANT = 10;

async function merchantFor(deps: AppDeps, merchantId: number) {
  const merchant = await merchants.findMerchant(deps.db, merchantId);
  if (!merchant) throw new AppError('NOT_FOUND');
  return merchant;
}

// Contributions ---------------------------------------------------------------------------------

/** Staff record a sponsorship, booth or service (with a quality mark); donations and vouchers arrive on their own. */
export async function recordContribution({
  deps,
  actor,
  merchantId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId: number;
  data: TContributionCreate;
}) {
  const merchant = await merchantFor(deps, merchantId);
  if (!canManageMerchants(actor, merchant.community_id)) throw new AppError('FORBIDDEN');
  const now = deps.clock.now();
  if (Date.parse(data.occurredAt) > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'occurredAt', message: '不能记录将来的参与' }] });
  }
  if (data.activityId) {
    const activity = await deps.db
      .selectFrom('activities')
      .select(['id', 'community_id'])
      .where('id', '=', data.activityId)
      .executeTakeFirst();
    if (!activity)
      throw new AppError('VALIDATION_FAILED', { details: [{ field: 'activityId', message: '活动不存在' }] });
    // The activity must be one this staff member runs: a shop's booth at another community's festival is recorded by that community.
    if (!canManageMerchants(actor, activity.community_id)) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: 'activityId', message: '该活动不属于你管辖的社区' }],
      });
    }
  }
  return deps.db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const id = await merchants.insertContribution(trx, {
      merchantId,
      kind: data.kind,
      refType: data.activityId ? 'activity' : null,
      refId: data.activityId ? String(data.activityId) : null,
      description: data.description,
      quality: data.quality,
      activityId: data.activityId ?? null,
      occurredAt: new Date(data.occurredAt).toISOString(),
      recordedBy: actor.userId,
      at,
    });
    await recordAudit(trx, deps, actor, {
      action: 'merchant.contribution',
      targetType: 'merchant_contribution',
      targetId: id,
      communityId: merchant.community_id,
      summary: `记录 ${merchant.name} 的参与：${data.description}（质量${data.quality}分）`,
    });
    return { id };
  });
}

/**
 * A contribution that arrives on its own — a donation to the shop, a voucher honoured at the
 * counter — recorded inside the caller's transaction, so it commits with the donation or the
 * honour. Its quality stays unset until staff confirm it (`confirmContribution`); only then does
 * it count for the stars.
 */
export async function recordAutomaticContribution(
  trx: Trx,
  deps: AppDeps,
  c: {
    merchantId: number;
    kind: 'donation' | 'voucher';
    /** what it was: ('shop_donation', id), ('voucher', id) */
    ref: { type: string; id: string };
    description: string;
    occurredAt: string;
    recordedBy: number | null;
  },
): Promise<number> {
  return merchants.insertContribution(trx, {
    merchantId: c.merchantId,
    kind: c.kind,
    refType: c.ref.type,
    refId: c.ref.id,
    description: c.description,
    quality: null,
    activityId: null,
    occurredAt: c.occurredAt,
    recordedBy: c.recordedBy,
    at: deps.clock.now().toISOString(),
  });
}

/** Staff mark the quality of an automatic contribution (a donation, an honoured voucher) so that it counts. */
export async function confirmContribution({
  deps,
  actor,
  contributionId,
  quality,
}: {
  deps: AppDeps;
  actor: Actor;
  contributionId: number;
  quality: number;
}) {
  const contribution = await repo.findContribution(deps.db, contributionId);
  if (!contribution) throw new AppError('NOT_FOUND');
  const merchant = await merchantFor(deps, contribution.merchant_id);
  if (!canManageMerchants(actor, merchant.community_id)) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    await repo.confirmContribution(trx, contributionId, quality, actor.userId, deps.clock.now().toISOString());
    await recordAudit(trx, deps, actor, {
      action: 'merchant.contribution.confirm',
      targetType: 'merchant_contribution',
      targetId: contributionId,
      communityId: merchant.community_id,
      summary: `确认 ${merchant.name} 的参与质量 ${quality}分`,
    });
  });
  return { id: contributionId, quality };
}

export async function merchantContributions({
  deps,
  actor,
  merchantId,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId: number;
}) {
  const merchant = await merchantFor(deps, merchantId);
  if (!canManageMerchant(actor, merchant)) throw new AppError('FORBIDDEN');
  return repo.contributionsOf(deps.db, merchantId);
}

type ContributionSheetRow = repo.ContributionRow & { kind_label: string; confirmed_label: string };

const CONTRIBUTION_COLUMNS: XlsxColumn<ContributionSheetRow>[] = [
  { header: '发生时间', key: 'occurred_at', width: 18, kind: 'datetime' },
  { header: '类型', key: 'kind_label', width: 10, kind: 'text' },
  { header: '说明', key: 'description', width: 36, kind: 'text' },
  { header: '关联活动', key: 'activity_title', width: 24, kind: 'text' },
  { header: '质量评分', key: 'quality', width: 8, kind: 'integer' },
  { header: '确认情况', key: 'confirmed_label', width: 10, kind: 'text' },
  { header: '登记时间', key: 'created_at', width: 18, kind: 'datetime' },
];

/** A merchant's contributions (参与记录) as Excel, every one of them, to whoever may read the list. */
export async function exportContributions({
  deps,
  actor,
  merchantId,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId: number;
}) {
  const merchant = await merchantFor(deps, merchantId);
  if (!canManageMerchant(actor, merchant)) throw new AppError('FORBIDDEN');
  const rows = async function* () {
    for await (const c of repo.contributionsForExport(deps.db, merchantId)) {
      yield {
        ...c,
        kind_label: CONTRIBUTION_KIND_LABELS[c.kind],
        confirmed_label: c.quality == null ? '待评分' : '已评分',
      };
    }
  };
  return {
    filename: `商户参与记录-${merchant.name}-${countyDateOf(deps.clock.now())}`,
    sheetName: '商户参与记录',
    columns: CONTRIBUTION_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      {
        what: '商户参与记录',
        filters: { 商户: merchant.name },
        targetType: 'merchant',
        targetId: merchant.id,
        communityId: merchant.community_id,
      },
      rows(),
    ),
  } satisfies XlsxSheet<ContributionSheetRow>;
}

// Ratings ---------------------------------------------------------------------------------------

/**
 * The stars of these merchants as they stand at `asOf`, from one grouped query (count and sum of marks
 * per merchant): the wall and the re-rating used to fetch every marked contribution of the year and
 * filter the whole list again for each merchant.
 */
export async function liveRatings(deps: AppDeps, merchantIds: number[], asOf: Date) {
  return ratingsOf(await repo.ratingTotals(deps.db, merchantIds, ratingPeriod(asOf)), merchantIds, asOf);
}

function ratingsOf(totals: Map<number, { count: number; qualitySum: number }>, merchantIds: number[], asOf: Date) {
  return new Map(merchantIds.map((id) => [id, rateFromTotals(totals.get(id) ?? { count: 0, qualitySum: 0 }, asOf)]));
}

export async function merchantRating({ deps, merchantId }: { deps: AppDeps; merchantId: number }) {
  await merchantFor(deps, merchantId);
  return (await liveRatings(deps, [merchantId], deps.clock.now())).get(merchantId)!;
}

/**
 * Monthly re-rating (每月评星): the rating of every merchant as it stood at the start of the
 * month, kept once per month so a merchant sees the trend. Safe to run repeatedly.
 */
export async function rerateMonth(deps: AppDeps, month = countyDateOf(deps.clock.now()).slice(0, 7)) {
  const asOf = new Date(countyPeriodWindow(month).from);
  const ids = await merchants.allMerchantIds(deps.db);
  const ratings = ratingsOf(await repo.ratingTotals(deps.db, 'all', ratingPeriod(asOf)), ids, asOf);
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute((trx) =>
    repo.upsertRatings(
      trx,
      [...ratings].map(([merchantId, rating]) => ({
        merchantId,
        month,
        stars: rating.stars,
        contributions: rating.count,
        averageQuality: rating.averageQuality,
        explanation: rating.explanation,
        at,
      })),
    ),
  );
  return ratings.size;
}

export async function ratingTrend({ deps, actor, merchantId }: { deps: AppDeps; actor: Actor; merchantId: number }) {
  const merchant = await merchantFor(deps, merchantId);
  if (!canManageMerchant(actor, merchant)) throw new AppError('FORBIDDEN');
  return repo.ratingHistory(deps.db, merchantId);
}

/**
 * One page of the public merchant wall (`limit` merchants after the cursor's community and id) and
 * the next page's cursor: the county's whole wall was 950 kB.
 */
export async function merchantWallPage({
  deps,
  communityId,
  limit,
  cursor,
}: {
  deps: AppDeps;
  communityId?: number;
  limit: number;
  cursor?: string;
}) {
  const rows = await merchants.listMerchants(deps.db, {
    communityIds: 'all',
    communityId,
    page: { limit: limit + 1, after: keysetCursor<[number, number]>(cursor, 2) },
  });
  const { page: list, nextCursor } = keysetPage(rows, limit, (m) => [m.community_id, m.id]);
  return { wall: await wallOf(deps, list), nextCursor };
}

/** The public merchant wall: badge holders and rated merchants with contribution counts and the activities they supported. */
export async function merchantWall({ deps, communityId }: { deps: AppDeps; communityId?: number }) {
  return wallOf(deps, await merchants.listMerchants(deps.db, { communityIds: 'all', communityId }));
}

async function wallOf(deps: AppDeps, list: merchants.MerchantRow[]) {
  const ids = list.map((m) => m.id);
  const [ratings, counts, activities] = await Promise.all([
    liveRatings(deps, ids, deps.clock.now()),
    repo.contributionCounts(deps.db, ids),
    repo.supportedActivities(deps.db, ids, WALL_ACTIVITIES_PER_MERCHANT),
  ]);
  return { list, ratings, counts, activities };
}
export type MerchantWall = Awaited<ReturnType<typeof merchantWall>>;

/** A merchant's public page (the plaque's QR code opens it): the merchant and its community's wall. */
export async function publicMerchantPage({ deps, merchantId }: { deps: AppDeps; merchantId: number }) {
  const merchant = await merchantFor(deps, merchantId);
  return { merchant, wall: await merchantWall({ deps, communityId: merchant.community_id }) };
}

/** The merchants who sponsored, ran a booth or served at these activities (for the activity pages). */
export function activitySponsors(db: Db | Trx, activityIds: number[]) {
  return repo.activitySponsors(db, activityIds);
}

// Requests (商户诉求) ----------------------------------------------------------------------------

export async function raiseRequest({
  deps,
  actor,
  merchantId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId: number;
  data: TMerchantRequestCreate;
}) {
  const merchant = await merchantFor(deps, merchantId);
  if (!merchantIdsOf(actor).includes(merchantId))
    throw new AppError('FORBIDDEN', { message: '只有本店账号可以提出诉求' });
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    const id = await repo.insertRequest(trx, {
      merchantId,
      communityId: merchant.community_id,
      title: data.title,
      description: data.description,
      raisedBy: actor.userId,
      at,
    });
    if (data.photoIds?.length) {
      const photos = await trx
        .selectFrom('photos')
        .select(['id', 'community_id'])
        .where('id', 'in', data.photoIds)
        .execute();
      if (
        photos.length !== new Set(data.photoIds).size ||
        photos.some((p) => p.community_id !== merchant.community_id)
      ) {
        throw new AppError('VALIDATION_FAILED', { details: [{ field: 'photoIds', message: '照片不存在' }] });
      }
      await trx
        .insertInto('merchant_request_photos')
        .values(data.photoIds.map((photo_id) => ({ request_id: id, photo_id })))
        .execute();
    }
    await recordAudit(trx, deps, actor, {
      action: 'merchant.request',
      targetType: 'merchant_request',
      targetId: id,
      communityId: merchant.community_id,
      summary: `${merchant.name} 提出诉求：${data.title}`,
    });
    return { id, status: 'open' as const };
  });
}

export async function moveRequest({
  deps,
  actor,
  requestId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  requestId: number;
  data: TMerchantRequestUpdate;
}) {
  const request = await repo.findRequest(deps.db, requestId);
  if (!request) throw new AppError('NOT_FOUND');
  if (!canManageMerchants(actor, request.community_id)) throw new AppError('FORBIDDEN');
  if (data.status === 'open') throw new AppError('INVALID_STATE', { message: '诉求不能退回到待处理' });
  const from: ('open' | 'in_progress')[] = data.status === 'in_progress' ? ['open'] : ['open', 'in_progress'];
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    if (
      !(await repo.moveRequest(trx, requestId, from, data.status as 'in_progress' | 'resolved', {
        response: data.response ?? undefined,
        handledBy: actor.userId,
        at,
      }))
    ) {
      throw new AppError('INVALID_STATE', {
        message: request.status === 'resolved' ? '该诉求已办结' : '诉求状态已变化，请刷新',
      });
    }
    await recordAudit(trx, deps, actor, {
      action: 'merchant.request.update',
      targetType: 'merchant_request',
      targetId: requestId,
      communityId: request.community_id,
      summary: `诉求「${request.title}」→ ${data.status === 'resolved' ? '已办结' : '处理中'}`,
    });
    return withAge((await repo.findRequest(trx, requestId))!, deps.clock.now());
  });
}

export async function requestsFor({
  deps,
  actor,
  merchantId,
  status,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId?: number;
  status?: string;
}) {
  let rows;
  if (merchantId) {
    const merchant = await merchantFor(deps, merchantId);
    if (!canManageMerchant(actor, merchant)) throw new AppError('FORBIDDEN');
    rows = await repo.listRequests(deps.db, { merchantId, status });
  } else {
    rows = await repo.listRequests(deps.db, { communityIds: staffCommunityIds(actor), status });
  }
  const now = deps.clock.now();
  return rows.map((row) => withAge(row, now));
}

export function requestAge(request: { created_at: string; resolved_at: string | null }, now: Date) {
  const end = request.resolved_at ? new Date(request.resolved_at) : now;
  const workingDays = workingDaysBetween(new Date(request.created_at), end);
  return { workingDays, overdue: !request.resolved_at && workingDays > REQUEST_TARGET_WORKING_DAYS };
}

/** A request with how long it has been open, in county working days, and whether that is overdue. */
function withAge(row: RequestRow, now: Date) {
  return { ...row, age: requestAge(row, now) };
}
export type AgedRequest = ReturnType<typeof withAge>;
