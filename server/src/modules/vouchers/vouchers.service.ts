import {
  AppError,
  countyPeriodWindow,
  hasExpired,
  makeVoucherCode,
  offerStateAt,
  maskName,
  type TVoucherClaim,
  type TVoucherOfferCreate,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import type { XlsxColumn, XlsxSheet } from '../../platform/xlsx.js';
import { auditedExport, recordAudit } from '../audit/index.js';
import { findMerchant, recordAutomaticContribution } from '../merchants/index.js';
import { ensureActiveResident, findResident } from '../residents/index.js';
import { spendPoints } from '../points/index.js';
import * as repo from './vouchers.repository.js';
import { canClaimFor, canHonour, canManageMerchant, merchantIdsOf } from './vouchers.policy.js';

export async function createOffer({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TVoucherOfferCreate }) {
  const merchant = await findMerchant(deps.db, data.merchantId);
  if (!merchant) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'merchantId', message: '商户不存在' }] });
  if (!canManageMerchant(actor, merchant)) throw new AppError('FORBIDDEN');
  const now = deps.clock.now();
  if (hasExpired(data.validUntil, now.toISOString())) {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'validUntil', message: '有效期应晚于现在' }] });
  }
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertOffer(trx, {
      ...data,
      validUntil: new Date(data.validUntil).toISOString(),
      communityId: merchant.community_id,
      createdBy: actor.userId,
      at: now.toISOString(),
    });
    await recordAudit(trx, deps, actor, {
      action: 'voucher.offer.create',
      targetType: 'voucher_offer',
      targetId: id,
      communityId: merchant.community_id,
      summary: `${merchant.name} 发布代金券「${data.title}」${data.quantity} 张，面值 ${(data.faceValueFen / 100).toFixed(2)} 元，${data.pointsCost} 积分`,
    });
    return { id };
  });
}

const CODE_ATTEMPTS = 5;

/**
 * Claims one voucher with points, inside the caller's transaction: one place taken from the
 * offer (conditional UPDATE), one claim counted against the offer's limit per resident
 * (conditional upsert), the points spent through the points module, and a voucher with a unique
 * code. Any refusal rolls all of it back.
 */
export async function claimVoucher(trx: Trx, deps: AppDeps, { actor, data }: { actor: Actor; data: TVoucherClaim }) {
  const residentId = data.residentId ?? actor.resident?.id;
  if (!residentId)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '请选择为哪位居民领取' }] });
  const resident = await findResident(trx, residentId);
  if (!resident) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '居民不存在' }] });
  ensureActiveResident(resident);
  if (!canClaimFor(actor, resident)) throw new AppError('FORBIDDEN');
  const offer = await repo.findOffer(trx, data.offerId);
  if (!offer) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'offerId', message: '代金券不存在' }] });
  const now = deps.clock.now();
  const at = now.toISOString();
  const state = offerStateAt(
    { status: offer.status, validUntil: offer.valid_until, remaining: offer.quantity - offer.claimed },
    at,
  );
  if (state === 'withdrawn' || state === 'expired') throw new AppError('OFFER_EXPIRED');
  if (!(await repo.takeFromOffer(trx, offer.id, at))) throw new AppError('OFFER_EXHAUSTED');
  if (
    !(await repo.takeLimitClaim(trx, {
      offerId: offer.id,
      residentId: resident.id,
      limit: offer.per_resident_limit,
    }))
  ) {
    throw new AppError('LIMIT_REACHED', { message: `每人限领 ${offer.per_resident_limit} 张` });
  }
  let code = makeVoucherCode();
  // A code clash is checked before the insert: on PostgreSQL a failed INSERT would abort the transaction.
  for (let attempt = 1; await repo.findVoucherByCode(trx, code); attempt++) {
    if (attempt >= CODE_ATTEMPTS) throw new Error('could not draw a free voucher code');
    code = makeVoucherCode();
  }
  const id = await repo.insertVoucher(trx, {
    offerId: offer.id,
    merchantId: offer.merchant_id,
    residentId: resident.id,
    code,
    at,
    expiresAt: offer.valid_until,
  });
  const entry = await spendPoints(trx, deps, {
    actor,
    residentId: resident.id,
    amount: offer.points_cost,
    kind: 'voucher',
    refType: 'voucher',
    refId: String(id),
    reason: `领取代金券：${offer.merchant_name}「${offer.title}」`,
    idempotencyKey: `voucher:${id}`,
  });
  await repo.linkVoucherEntry(trx, id, entry.id);
  if (actor.resident?.id !== resident.id) {
    await recordAudit(trx, deps, actor, {
      action: 'voucher.claim',
      targetType: 'voucher',
      targetId: id,
      communityId: resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `为 ${resident.name} 领取代金券「${offer.title}」（${offer.points_cost} 积分）`,
    });
  }
  return { voucherId: id, code, balanceAfter: entry.balanceAfter, expiresAt: offer.valid_until };
}

/**
 * The issuing merchant honours a voucher (核销), exactly once: 403 for another merchant, 410 once
 * expired, 409 when already used — the last decided by a conditional UPDATE, so twenty scans at
 * once still honour it once. The honour counts as the merchant's contribution.
 */
export async function honourVoucher(trx: Trx, deps: AppDeps, { actor, code }: { actor: Actor; code: string }) {
  if (!merchantIdsOf(actor).length) throw new AppError('FORBIDDEN', { message: '只有商户账号可以核销代金券' });
  {
    const voucher = await repo.findVoucherByCode(trx, code);
    if (!voucher) throw new AppError('NOT_FOUND', { message: '没有这张代金券，请核对券码' });
    if (!canHonour(actor, voucher)) throw new AppError('FORBIDDEN', { message: '这张代金券不是本店发行的' });
    const now = deps.clock.now();
    const at = now.toISOString();
    if (voucher.status === 'redeemed')
      throw new AppError('VOUCHER_ALREADY_USED', { extra: { redeemedAt: voucher.redeemed_at } });
    if (hasExpired(voucher.expires_at, at)) throw new AppError('VOUCHER_EXPIRED');
    if (!(await repo.markRedeemed(trx, voucher.id, actor.userId, at))) throw new AppError('VOUCHER_ALREADY_USED');
    await recordAutomaticContribution(trx, deps, {
      merchantId: voucher.merchant_id,
      kind: 'voucher',
      ref: { type: 'voucher', id: String(voucher.id) },
      description: `核销代金券「${voucher.title}」面值 ${(voucher.face_value_fen / 100).toFixed(2)} 元`,
      occurredAt: at,
      recordedBy: actor.userId,
    });
    return {
      voucherId: voucher.id,
      title: voucher.title,
      faceValueFen: voucher.face_value_fen,
      residentNameMasked: maskName(voucher.resident_name),
      redeemedAt: at,
    };
  }
}

/** Offers residents can claim now (live and not withdrawn), newest first. */
export function liveOffers({ deps, communityId }: { deps: AppDeps; communityId?: number }) {
  return repo.listOffers(deps.db, { communityId, liveAt: deps.clock.now().toISOString() });
}

/** The signed-in resident's vouchers, and the instant they were read (a voucher past it is expired). */
export async function myVouchers({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  if (!actor.resident) throw new AppError('FORBIDDEN', { message: '只有居民账号有代金券' });
  return { vouchers: await repo.vouchersOfResident(deps.db, actor.resident.id), now: deps.clock.now().toISOString() };
}

export async function offersOfMerchant({
  deps,
  actor,
  merchantId,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId: number;
}) {
  const merchant = await findMerchant(deps.db, merchantId);
  if (!merchant) throw new AppError('NOT_FOUND');
  if (!canManageMerchant(actor, merchant)) throw new AppError('FORBIDDEN');
  return repo.listOffers(deps.db, { merchantId });
}

/** The merchant whose statement is asked for, if this actor may read it (the merchant, its staff). */
async function statementMerchant(deps: AppDeps, actor: Actor, merchantId: number) {
  const merchant = await findMerchant(deps.db, merchantId);
  if (!merchant) throw new AppError('NOT_FOUND');
  if (!canManageMerchant(actor, merchant)) throw new AppError('FORBIDDEN');
  return merchant;
}

/** Vouchers a merchant honoured in a county month, with the total face value. */
export async function monthlyStatement({
  deps,
  actor,
  merchantId,
  month,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId: number;
  month: string;
}) {
  const merchant = await statementMerchant(deps, actor, merchantId);
  const { from, to } = countyPeriodWindow(month);
  const rows = await repo.redeemedInMonth(deps.db, merchantId, from, to);
  return { merchant, month, rows, totalFaceValueFen: rows.reduce((sum, r) => sum + r.face_value_fen, 0) };
}

// Exports (导出) ---------------------------------------------------------------------------------

interface StatementSheetRow {
  redeemed_at: string | null;
  title: string;
  code_tail: string;
  resident_name_masked: string;
  face_value_fen: number;
}

const STATEMENT_COLUMNS: XlsxColumn<StatementSheetRow>[] = [
  { header: '核销时间', key: 'redeemed_at', width: 18, kind: 'datetime' },
  { header: '代金券', key: 'title', width: 24, kind: 'text' },
  { header: '券码尾号', key: 'code_tail', width: 10, kind: 'text' },
  { header: '居民', key: 'resident_name_masked', width: 10, kind: 'text' },
  { header: '面值（元）', key: 'face_value_fen', width: 12, kind: 'yuan' },
];

/** The monthly statement as Excel, to the merchant and the staff who may read it; codes shortened, names masked. */
export async function exportVoucherStatement({
  deps,
  actor,
  merchantId,
  month,
}: {
  deps: AppDeps;
  actor: Actor;
  merchantId: number;
  month: string;
}) {
  const merchant = await statementMerchant(deps, actor, merchantId);
  const { from, to } = countyPeriodWindow(month);
  const rows = async function* () {
    for await (const r of repo.redeemedInMonthForExport(deps.db, merchantId, from, to)) {
      yield {
        redeemed_at: r.redeemed_at,
        title: r.title,
        code_tail: r.code.slice(-4),
        resident_name_masked: maskName(r.resident_name),
        face_value_fen: r.face_value_fen,
      };
    }
  };
  return {
    filename: `代金券对账单-${merchant.name}-${month}`,
    sheetName: '代金券核销对账单',
    columns: STATEMENT_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      {
        what: '代金券对账单',
        filters: { 商户: merchant.name, 月份: month },
        targetType: 'merchant',
        targetId: merchant.id,
        communityId: merchant.community_id,
      },
      rows(),
    ),
  } satisfies XlsxSheet<StatementSheetRow>;
}
