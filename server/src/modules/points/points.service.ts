import { randomUUID } from 'node:crypto';
import {
  AppError,
  countyDateOf,
  countyDaysWindow,
  LEDGER_KIND_LABELS,
  countyPeriodWindow,
  isReversibleKind,
  periodKeysAt,
  type TLeaderboardQuery,
  type TLedgerExportQuery,
  type TPointsAdjustment,
  type TPointsRuleInput,
  type TPointsRuleVersionCreate,
  type TStatementQuery,
} from '@zhongli/domain';
import type { LedgerKind } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { refuseOwnResident, staffCommunityIds } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { uniqueKeyOf } from '../../platform/db-errors.js';
import type { XlsxColumn, XlsxSheet } from '../../platform/xlsx.js';
import { auditedExport, recordAudit } from '../audit/index.js';
import { findCommunity } from '../communities/index.js';
import { ensureActiveResident, findResident } from '../residents/index.js';
import * as repo from './points.repository.js';
import { canDecideAdjustment, canManagePointsIn, canReadStatement } from './points.policy.js';

const nowIso = (deps: AppDeps) => deps.clock.now().toISOString();

async function residentInScope(db: AppDeps['db'] | Trx, actor: Actor, residentId: number) {
  const resident = await findResident(db, residentId);
  if (!resident) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'residentId', message: '居民不存在' }] });
  if (!canManagePointsIn(actor, resident.community_id)) throw new AppError('FORBIDDEN');
  return resident;
}

// Rules -----------------------------------------------------------------------------------------

/** Publishes a new version of a community's rules. Earlier versions stay readable; entries keep the revision they were awarded under. */
export async function publishRuleVersion({
  deps,
  actor,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  data: TPointsRuleVersionCreate;
}) {
  const community = await findCommunity(deps.db, data.communityId);
  if (!community)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'communityId', message: '社区不存在' }] });
  if (!canManagePointsIn(actor, data.communityId)) throw new AppError('FORBIDDEN');
  const now = deps.clock.now();
  const effectiveFrom = data.effectiveFrom ? new Date(data.effectiveFrom) : now;
  // A minute's grace for clocks; rules never take effect in the past (that would rewrite what residents were told).
  if (effectiveFrom.getTime() < now.getTime() - 60_000) {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'effectiveFrom', message: '生效时间不能早于现在' }] });
  }
  return await deps.db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const latest = await repo.findLatestVersionNumber(trx, data.communityId);
    const version = Number(latest?.version ?? 0) + 1;
    const versionId = await repo.insertVersion(trx, {
      communityId: data.communityId,
      version,
      effectiveFrom: effectiveFrom.toISOString(),
      exchangeRules: data.exchangeRules || null,
      createdBy: actor.userId,
      at,
    });
    const revisions = [];
    for (const [position, rule] of data.rules.entries()) {
      const ruleId = await ruleIdFor(trx, data.communityId, rule, position, at);
      revisions.push({
        versionId,
        ruleId,
        name: rule.name,
        category: rule.category,
        points: rule.points,
        description: rule.description || null,
        // The request names a rule's limits `caps`, as the published API does.
        limits: {
          perDay: rule.caps?.perDay ?? null,
          perWeek: rule.caps?.perWeek ?? null,
          perMonth: rule.caps?.perMonth ?? null,
        },
        position,
      });
    }
    await repo.insertRevisions(trx, revisions);
    await recordAudit(trx, deps, actor, {
      action: 'points.rules.publish',
      targetType: 'points_rule_version',
      targetId: versionId,
      communityId: data.communityId,
      summary: `${community.name} 发布积分规则第${version}版（${data.rules.length}条，${effectiveFrom.toISOString()} 起生效）`,
    });
    return versionId;
  });
}

/** An existing rule by `ruleId` (it must be this community's), a legacy `code`, or a new rule with a generated code. */
async function ruleIdFor(trx: Trx, communityId: number, rule: TPointsRuleInput, index: number, at: string) {
  if (rule.ruleId !== undefined) {
    const found = await repo.findRule(trx, rule.ruleId);
    if (found?.community_id !== communityId)
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: `rules.${index}.ruleId`, message: '该规则不属于本社区' }],
      });
    return found.id;
  }
  if (rule.code !== undefined) return repo.ensureRuleId(trx, communityId, rule.code.toUpperCase(), at);
  return repo.insertNewRule(trx, communityId, at);
}

/** Publishes a new version and answers with it as the public rules page will show it. */
export async function publishRules(options: { deps: AppDeps; actor: Actor; data: TPointsRuleVersionCreate }) {
  return loadVersionWithRules(options.deps, await publishRuleVersion(options));
}

export async function loadVersionWithRules(deps: AppDeps, versionId: number) {
  const version = await deps.db
    .selectFrom('points_rule_versions')
    .selectAll()
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  const rules = await repo.listRevisions(deps.db, [versionId]);
  return { version, rules };
}

/** The rules in force in a community now; 404 when it has published none yet. */
export async function currentRules({ deps, communityId }: { deps: AppDeps; communityId: number }) {
  if (!(await findCommunity(deps.db, communityId))) throw new AppError('NOT_FOUND');
  const version = await repo.findVersionInForce(deps.db, communityId, nowIso(deps));
  if (!version) throw new AppError('NOT_FOUND', { message: '本社区还没有发布积分规则' });
  return { version, rules: await repo.listRevisions(deps.db, [version.id]) };
}

export async function ruleHistory({ deps, communityId }: { deps: AppDeps; communityId: number }) {
  if (!(await findCommunity(deps.db, communityId))) throw new AppError('NOT_FOUND');
  const versions = await repo.listVersions(deps.db, communityId);
  const revisions = await repo.listRevisions(
    deps.db,
    versions.map((v) => v.id),
  );
  return versions.map((version) => ({ version, rules: revisions.filter((r) => r.version_id === version.id) }));
}

/** A rule by id — its community and code — for other modules that name one (an activity's check-in award). */
export function findRule(db: Db | Trx, ruleId: number) {
  return repo.findRule(db, ruleId);
}

/** Name and points of each rule as the version in force at `at` states them (for activity pages). */
export function rulesInForce(
  db: Db | Trx,
  ruleIds: number[],
  at: string,
): Promise<Map<number, { name: string; points: number }>> {
  return repo.rulesInForce(db, ruleIds, at);
}

// Awards ----------------------------------------------------------------------------------------

export interface AwardOptions {
  actor: Actor;
  residentId: number;
  ruleId: number;
  note?: string;
  /** What the award is for, e.g. ('activity', 42) for a check-in. Desk awards have none. */
  refType?: string;
  refId?: string;
  /** Unique per award; derived from the source when there is one (a check-in awards once). */
  idempotencyKey?: string;
}

/** Staff award a rule's points from the desk: the resident must be in their scope. */
export async function awardByRule(trx: Trx, deps: AppDeps, options: AwardOptions) {
  const resident = await residentInScope(trx, options.actor, options.residentId);
  refuseOwnResident(options.actor, resident.id);
  ensureActiveResident(resident);
  return grantAward(trx, deps, { ...options, resident });
}

/**
 * Awards a rule's points inside the caller's transaction: the rule revision in force for the
 * resident's community, its limits taken atomically (one conditional upsert per limited period,
 * released again if a later period is full), one ledger entry, one audit entry. The caller has
 * decided the award is allowed — the desk by staff scope (`awardByRule`), a check-in by the
 * activity it belongs to. An archived resident is refused here, not only by each caller, so that
 * every award path (desk, check-in, shift) keeps to it.
 */
export async function grantAward(
  trx: Trx,
  deps: AppDeps,
  options: Omit<AwardOptions, 'residentId'> & {
    resident: { id: number; community_id: number; name: string; archived_at: string | null };
    /** Whose rules apply: the resident's community at the desk; the organising community for a check-in (a neighbour from another community who joins earns that activity's points). */
    ruleCommunityId?: number;
  },
) {
  const { resident } = options;
  ensureActiveResident(resident);
  const ruleCommunityId = options.ruleCommunityId ?? resident.community_id;
  const now = deps.clock.now();
  const rule = await repo.findRule(trx, options.ruleId);
  if (!rule) throw new AppError('VALIDATION_FAILED', { details: [{ field: 'ruleId', message: '积分规则不存在' }] });
  if (rule.community_id !== ruleCommunityId) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'ruleId', message: '该规则属于其他社区，不能用于本社区居民' }],
    });
  }
  const version = await repo.findVersionInForce(trx, ruleCommunityId, now.toISOString());
  const revision = version ? await repo.findRevision(trx, version.id, rule.id) : undefined;
  if (!revision)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'ruleId', message: '该规则不在现行积分办法中' }] });

  const periods = periodKeysAt(now);
  const limits: [number | null, string][] = [
    [revision.limit_per_day, `day:${periods.day}`],
    [revision.limit_per_week, `week:${periods.week}`],
    [revision.limit_per_month, `month:${periods.month}`],
  ];
  const taken: string[] = [];
  for (const [limit, period] of limits) {
    if (limit == null) continue;
    if (!(await repo.takeLimitSlot(trx, { residentId: resident.id, ruleId: rule.id, period, limit }))) {
      // A caller may carry on without the points (a check-in still counts): leave no slot taken.
      for (const done of taken)
        await repo.releaseLimitSlot(trx, { residentId: resident.id, ruleId: rule.id, period: done });
      // The error code and its `cap` are the published API's words for the limit.
      throw new AppError('RULE_CAP_REACHED', { extra: { period: period.split(':')[0], cap: limit } });
    }
    taken.push(period);
  }

  const entry = await repo.appendLedgerEntry(trx, {
    residentId: resident.id,
    communityId: resident.community_id,
    delta: revision.points,
    kind: 'award',
    ruleId: rule.id,
    ruleRevisionId: revision.revision_id,
    refType: options.refType ?? null,
    refId: options.refId ?? null,
    reason: options.note || revision.name,
    actorUserId: options.actor.userId,
    onBehalfResidentId: resident.id,
    idempotencyKey: options.idempotencyKey ?? `award:${randomUUID()}`,
    createdAt: now.toISOString(),
  });
  if (!entry) throw new Error('an award cannot overdraw a balance');
  await recordAudit(trx, deps, options.actor, {
    action: 'points.award',
    targetType: 'points_entry',
    targetId: entry.id,
    communityId: resident.community_id,
    onBehalfResidentId: resident.id,
    summary: `为 ${resident.name} 发放积分 +${revision.points}（${revision.name}）`,
  });
  return { id: entry.id, delta: revision.points, balanceAfter: entry.balanceAfter };
}

// Spending --------------------------------------------------------------------------------------

export interface SpendOptions {
  actor: Actor | null;
  residentId: number;
  amount: number;
  kind: Extract<LedgerKind, 'redemption' | 'voucher'>;
  refType: string;
  refId: string;
  reason: string;
  idempotencyKey: string;
}

/**
 * Spends points inside the caller's transaction (the shop's redemption, a voucher claim): one
 * ledger entry with a negative delta; 409 INSUFFICIENT_POINTS when the balance does not cover it,
 * decided by the same conditional UPDATE that moves the balance.
 */
export async function spendPoints(trx: Trx, deps: AppDeps, options: SpendOptions) {
  if (!Number.isInteger(options.amount) || options.amount <= 0)
    throw new RangeError('amount must be a positive integer');
  const resident = await findResident(trx, options.residentId);
  if (!resident) throw new AppError('NOT_FOUND');
  const entry = await repo.appendLedgerEntry(trx, {
    residentId: resident.id,
    communityId: resident.community_id,
    delta: -options.amount,
    kind: options.kind,
    ruleId: null,
    ruleRevisionId: null,
    refType: options.refType,
    refId: options.refId,
    reason: options.reason,
    actorUserId: options.actor?.userId ?? null,
    onBehalfResidentId: resident.id,
    idempotencyKey: options.idempotencyKey,
    createdAt: nowIso(deps),
  });
  if (!entry)
    throw new AppError('INSUFFICIENT_POINTS', {
      extra: { balance: await repo.findBalance(trx, resident.id), required: options.amount },
    });
  return { id: entry.id, delta: -options.amount, balanceAfter: entry.balanceAfter };
}

// Adjustments (四眼原则) ------------------------------------------------------------------------

export async function requestAdjustment({
  deps,
  actor,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  data: TPointsAdjustment;
}) {
  return deps.db.transaction().execute(async (trx) => {
    const resident = await residentInScope(trx, actor, data.residentId);
    refuseOwnResident(actor, resident.id);
    const id = await repo.insertAdjustment(trx, {
      residentId: resident.id,
      communityId: resident.community_id,
      delta: data.delta,
      reason: data.reason,
      requestedBy: actor.userId,
      at: nowIso(deps),
    });
    await recordAudit(trx, deps, actor, {
      action: 'points.adjustment.request',
      targetType: 'points_adjustment',
      targetId: id,
      communityId: resident.community_id,
      onBehalfResidentId: resident.id,
      summary: `申请调整 ${resident.name} 的积分 ${data.delta > 0 ? '+' : ''}${data.delta}：${data.reason}`,
    });
    return { id, status: 'pending' as const };
  });
}

export async function approveAdjustment(
  trx: Trx,
  deps: AppDeps,
  { actor, adjustmentId }: { actor: Actor; adjustmentId: number },
) {
  const adjustment = await repo.findAdjustment(trx, adjustmentId);
  if (!adjustment) throw new AppError('NOT_FOUND');
  const decision = canDecideAdjustment(actor, adjustment);
  if (decision === 'forbidden') throw new AppError('FORBIDDEN');
  if (decision === 'same_person') throw new AppError('SAME_PERSON');
  const at = nowIso(deps);
  if (!(await repo.decideAdjustment(trx, { id: adjustment.id, status: 'approved', decidedBy: actor.userId, at }))) {
    throw new AppError('ADJUSTMENT_NOT_PENDING');
  }
  const resident = (await findResident(trx, adjustment.resident_id))!;
  const entry = await repo.appendLedgerEntry(trx, {
    residentId: adjustment.resident_id,
    communityId: adjustment.community_id,
    delta: adjustment.delta,
    kind: 'adjustment',
    ruleId: null,
    ruleRevisionId: null,
    refType: 'points_adjustment',
    refId: String(adjustment.id),
    reason: adjustment.reason,
    actorUserId: actor.userId,
    onBehalfResidentId: adjustment.resident_id,
    idempotencyKey: `adjustment:${adjustment.id}`,
    createdAt: at,
  });
  if (!entry) throw new AppError('INSUFFICIENT_POINTS');
  await repo.linkAdjustmentEntry(trx, adjustment.id, entry.id);
  await recordAudit(trx, deps, actor, {
    action: 'points.adjustment.approve',
    targetType: 'points_adjustment',
    targetId: adjustment.id,
    communityId: adjustment.community_id,
    onBehalfResidentId: adjustment.resident_id,
    summary: `审核通过 ${resident.name} 的积分调整 ${adjustment.delta > 0 ? '+' : ''}${adjustment.delta}`,
  });
  return {
    id: adjustment.id,
    status: 'approved' as const,
    entry: { id: entry.id, delta: adjustment.delta, balanceAfter: entry.balanceAfter },
  };
}

export async function rejectAdjustment({
  deps,
  actor,
  adjustmentId,
}: {
  deps: AppDeps;
  actor: Actor;
  adjustmentId: number;
}) {
  return deps.db.transaction().execute(async (trx) => {
    const adjustment = await repo.findAdjustment(trx, adjustmentId);
    if (!adjustment) throw new AppError('NOT_FOUND');
    if (canDecideAdjustment(actor, adjustment) === 'forbidden') throw new AppError('FORBIDDEN');
    if (
      !(await repo.decideAdjustment(trx, {
        id: adjustment.id,
        status: 'rejected',
        decidedBy: actor.userId,
        at: nowIso(deps),
      }))
    ) {
      throw new AppError('ADJUSTMENT_NOT_PENDING');
    }
    await recordAudit(trx, deps, actor, {
      action: 'points.adjustment.reject',
      targetType: 'points_adjustment',
      targetId: adjustment.id,
      communityId: adjustment.community_id,
      onBehalfResidentId: adjustment.resident_id,
      summary: `驳回积分调整申请 #${adjustment.id}`,
    });
    return { id: adjustment.id, status: 'rejected' as const };
  });
}

export function listAdjustmentsInScope({
  deps,
  actor,
  status,
}: {
  deps: AppDeps;
  actor: Actor;
  status?: 'pending' | 'approved' | 'rejected';
}) {
  return repo.listAdjustments(deps.db, { communityIds: staffCommunityIds(actor), status });
}

// Reversals -------------------------------------------------------------------------------------

/**
 * Corrects an erroneous entry with a new entry of the opposite sign — never an edit. An entry is
 * reversed at most once (the reversal's idempotency key is unique); a reversed award frees its
 * place within the rule's limit again.
 */
export async function reverseEntry(
  trx: Trx,
  deps: AppDeps,
  { actor, entryId, reason }: { actor: Actor; entryId: number; reason: string },
) {
  const original = await repo.findEntry(trx, entryId);
  if (!original) throw new AppError('NOT_FOUND');
  if (!canManagePointsIn(actor, original.community_id)) throw new AppError('FORBIDDEN');
  // Spending is undone by its own flow (stock back on the shelf, the voucher voided), never by a bare credit.
  if (!isReversibleKind(original.kind)) throw new AppError('NOT_REVERSIBLE');
  const reversalKey = `reversal:${original.id}`;
  // Answered before the balance guard, which would otherwise speak first; the unique key below is the guarantee.
  if (await repo.findEntryByKey(trx, reversalKey)) throw new AppError('ALREADY_REVERSED');
  const at = nowIso(deps);
  // Limit slots before the balance row: the same lock order as an award, or PostgreSQL deadlocks the two.
  if (original.kind === 'award' && original.rule_id != null) {
    const periods = periodKeysAt(new Date(original.created_at));
    for (const period of [`day:${periods.day}`, `week:${periods.week}`, `month:${periods.month}`]) {
      await repo.releaseLimitSlot(trx, { residentId: original.resident_id, ruleId: original.rule_id, period });
    }
  }
  let entry;
  try {
    entry = await repo.appendLedgerEntry(trx, {
      residentId: original.resident_id,
      communityId: original.community_id,
      delta: -original.delta,
      kind: 'reversal',
      ruleId: original.rule_id,
      ruleRevisionId: original.rule_revision_id,
      refType: 'points_entry',
      refId: String(original.id),
      reason,
      actorUserId: actor.userId,
      onBehalfResidentId: original.resident_id,
      idempotencyKey: reversalKey,
      createdAt: at,
    });
  } catch (error) {
    if (uniqueKeyOf(error) === 'points_ledger(idempotency_key)') throw new AppError('ALREADY_REVERSED');
    throw error;
  }
  if (!entry) throw new AppError('INSUFFICIENT_POINTS');
  await recordAudit(trx, deps, actor, {
    action: 'points.reverse',
    targetType: 'points_entry',
    targetId: entry.id,
    communityId: original.community_id,
    onBehalfResidentId: original.resident_id,
    summary: `冲正积分记录 #${original.id}（${original.delta > 0 ? '+' : ''}${original.delta}）：${reason}`,
  });
  return { id: entry.id, delta: -original.delta, balanceAfter: entry.balanceAfter };
}

// Views -----------------------------------------------------------------------------------------

export async function getStatement({
  deps,
  actor,
  residentId,
  page,
}: {
  deps: AppDeps;
  actor: Actor;
  residentId: number;
  page: TStatementQuery;
}) {
  const resident = await findResident(deps.db, residentId);
  if (!resident) throw new AppError('NOT_FOUND');
  if (!canReadStatement(actor, resident)) throw new AppError('FORBIDDEN');
  const [balance, statement] = await Promise.all([
    repo.findBalance(deps.db, residentId),
    repo.listStatement(deps.db, residentId, page),
  ]);
  return { resident, balance, ...statement };
}

/** The month or year a leaderboard covers, as UTC instants of the county's calendar boundaries. */
export function leaderboardWindow(
  query: Pick<TLeaderboardQuery, 'period' | 'at'>,
  now: Date,
): { label: string; from: string; to: string } {
  const today = countyDateOf(now);
  const label = query.at ?? (query.period === 'month' ? today.slice(0, 7) : today.slice(0, 4));
  return { label, ...countyPeriodWindow(label) };
}

/** The window a leaderboard query covers (the community must exist; `at` must match the period). */
export async function getLeaderboardWindow({ deps, query }: { deps: AppDeps; query: TLeaderboardQuery }) {
  if (!(await findCommunity(deps.db, query.communityId))) throw new AppError('NOT_FOUND');
  if (query.at && (query.period === 'month') !== query.at.includes('-')) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'at', message: query.period === 'month' ? '按月查询请写成 2026-11' : '按年查询请写成 2026' }],
    });
  }
  return leaderboardWindow(query, deps.clock.now());
}

export async function getLeaderboard({ deps, query }: { deps: AppDeps; query: TLeaderboardQuery }) {
  const window = await getLeaderboardWindow({ deps, query });
  const rows = await repo.leaderboard(deps.db, {
    communityId: query.communityId,
    from: window.from,
    to: window.to,
    limit: query.limit,
  });
  return { window, rows };
}

// Exports (导出) ---------------------------------------------------------------------------------

type LedgerSheetRow = repo.LedgerExportRow & { kind_label: string; what: string | null };

const LEDGER_COLUMNS: XlsxColumn<LedgerSheetRow>[] = [
  { header: '时间', key: 'created_at', width: 18, kind: 'datetime' },
  { header: '居民', key: 'resident_name', width: 10, kind: 'text' },
  { header: '会员号', key: 'member_code', width: 14, kind: 'text' },
  { header: '社区', key: 'community_name', width: 16, kind: 'text' },
  { header: '类型', key: 'kind_label', width: 8, kind: 'text' },
  { header: '积分', key: 'delta', width: 8, kind: 'points' },
  { header: '余额', key: 'balance_after', width: 8, kind: 'integer' },
  { header: '规则/事由', key: 'what', width: 30, kind: 'text' },
  { header: '经办人', key: 'actor_name', width: 10, kind: 'text' },
];

async function* ledgerSheetRows(rows: AsyncIterable<repo.LedgerExportRow>): AsyncGenerator<LedgerSheetRow> {
  for await (const r of rows) {
    yield {
      ...r,
      kind_label: LEDGER_KIND_LABELS[r.kind],
      what: [r.rule_name, r.reason].filter(Boolean).join('：') || null,
    };
  }
}

/** A resident's points statement as Excel: whoever may read the statement (`canReadStatement`). */
export async function exportStatement({
  deps,
  actor,
  residentId,
}: {
  deps: AppDeps;
  actor: Actor;
  residentId: number;
}) {
  const resident = await findResident(deps.db, residentId);
  if (!resident) throw new AppError('NOT_FOUND');
  if (!canReadStatement(actor, resident)) throw new AppError('FORBIDDEN');
  const rows = ledgerSheetRows(repo.statementForExport(deps.db, residentId));
  return {
    filename: `积分明细-${resident.name}-${resident.member_code}-${countyDateOf(deps.clock.now())}`,
    sheetName: '积分明细',
    columns: LEDGER_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      {
        what: '积分明细',
        filters: { 居民: resident.name, 会员号: resident.member_code },
        targetType: 'resident',
        targetId: resident.id,
        communityId: resident.community_id,
      },
      rows,
    ),
  } satisfies XlsxSheet<LedgerSheetRow>;
}

/** The ledger of a period (county days, both included) for a community or every one the staff member sees. */
export async function exportLedger({ deps, actor, query }: { deps: AppDeps; actor: Actor; query: TLedgerExportQuery }) {
  const scope = staffCommunityIds(actor);
  if (query.communityId && !canManagePointsIn(actor, query.communityId)) throw new AppError('FORBIDDEN');
  const community = query.communityId ? await findCommunity(deps.db, query.communityId) : undefined;
  const window = countyDaysWindow(query.from, query.to);
  const communityIds = query.communityId ? [query.communityId] : scope;
  const rows = ledgerSheetRows(repo.ledgerOfPeriodForExport(deps.db, { communityIds, ...window }));
  const place = community?.name ?? (query.communityId ? `社区${query.communityId}` : '全部可见社区');
  return {
    filename: `积分流水-${place}-${query.from}至${query.to}`,
    sheetName: '积分流水',
    columns: LEDGER_COLUMNS,
    rows: auditedExport(
      deps,
      actor,
      {
        what: '积分流水',
        filters: { 社区: place, 时段: `${query.from}至${query.to}` },
        targetType: 'points_ledger',
        communityId: query.communityId,
      },
      rows,
    ),
  } satisfies XlsxSheet<LedgerSheetRow>;
}
