import {
  AppError,
  normalizeMemberCode,
  normalizePhone,
  OPENING_IMPORT_COLUMNS,
  parseOpeningPoints,
  type OpeningImportKey,
  type TImportCheck,
  type TImportRowError,
  type TOpeningReject,
} from '@zhongli/domain';
import { isStaff, staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps, Trx } from '../../platform/deps.js';
import { uniqueKeyOf } from '../../platform/db-errors.js';
import { recordAudit } from '../audit/index.js';
import {
  ensureActiveResident,
  findResident,
  findResidentByIdNumber,
  findResidentByMemberCode,
  findResidentByPhone,
} from '../residents/index.js';
import * as repo from './points.repository.js';
import { canDecideOpeningBatch, canManagePointsIn } from './points.policy.js';

/**
 * Opening balances (期初积分): the paper ledger a community kept before the platform, brought in as ONE batch that
 * a second staff member approves or rejects whole (four eyes on the batch, as on a manual adjustment). Approval
 * writes one `opening` entry per row in one transaction; the entry's idempotency key `opening:<resident>` is
 * unique, so a resident's opening balance is set once, whatever batches or approvals race.
 */

export interface OpeningImportRow {
  row: number;
  cells: Record<OpeningImportKey, string>;
}

interface OpeningPlan {
  row: number;
  residentId: number;
  communityId: number;
  points: number;
  note: string | null;
}

const HEADER: Record<string, string> = Object.fromEntries(OPENING_IMPORT_COLUMNS.map((c) => [c.key, c.header]));
const openingKey = (residentId: number) => `opening:${residentId}`;

/** Every row checked (nothing written): who it is, in the actor's scope, active, no opening yet, the points. */
export async function checkOpeningImport({
  deps,
  actor,
  rows,
}: {
  deps: AppDeps;
  actor: Actor;
  rows: OpeningImportRow[];
}): Promise<{ plans: OpeningPlan[]; errors: TImportRowError[] }> {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const plans: OpeningPlan[] = [];
  const errors: TImportRowError[] = [];
  const seen = new Map<number, number>();
  for (const { row, cells } of rows) {
    const fail = (key: OpeningImportKey, message: string) => errors.push({ row, field: HEADER[key]!, message });
    const points = parseOpeningPoints(cells.points);
    if (!cells.points) {
      fail('points', '请填写期初积分');
      continue;
    }
    if (points === null) {
      fail('points', '期初积分应为 1 到 100000 的整数');
      continue;
    }
    if (cells.note.length > 50) {
      fail('note', '备注不能超过50个字');
      continue;
    }
    const found = await findRowResident(deps, cells);
    if ('problem' in found) {
      fail(found.key, found.problem);
      continue;
    }
    const resident = found.resident;
    // someone outside the actor's communities reads exactly as no one: a sheet of guesses learns nothing
    if (!canManagePointsIn(actor, resident.community_id)) {
      fail(found.key, NOT_FOUND[found.key as keyof typeof NOT_FOUND]);
      continue;
    }
    if (resident.archived_at) {
      fail(found.key, '该居民已归档（迁出或已故）');
      continue;
    }
    if (cells.name && cells.name !== resident.name) {
      fail('name', `姓名与系统登记的“${resident.name}”不一致`);
      continue;
    }
    const first = seen.get(resident.id);
    if (first) {
      fail(found.key, `与第${first}行是同一位居民`);
      continue;
    }
    seen.set(resident.id, row);
    if (await repo.findEntryByKey(deps.db, openingKey(resident.id))) {
      fail(found.key, '该居民的期初积分已经录入过，只能录入一次');
      continue;
    }
    const pending = await repo.pendingOpeningBatchOf(deps.db, resident.id);
    if (pending) {
      fail(found.key, `该居民已在待审核的第${pending.batch_id}批中`);
      continue;
    }
    plans.push({ row, residentId: resident.id, communityId: resident.community_id, points, note: cells.note || null });
  }
  return { plans, errors };
}

/** A row whose resident is not found — or is found outside the actor's communities: one message per column. */
const NOT_FOUND = {
  memberCode: '本社区没有这个会员号的居民',
  idNumber: '本社区没有该身份证号的居民（或身份证号有误）',
  phone: '本社区没有用该手机号登录的居民',
} as const;

async function findRowResident(
  deps: AppDeps,
  cells: Record<OpeningImportKey, string>,
): Promise<
  | { resident: NonNullable<Awaited<ReturnType<typeof findResident>>>; key: OpeningImportKey }
  | { problem: string; key: OpeningImportKey }
> {
  if (cells.memberCode) {
    const code = normalizeMemberCode(cells.memberCode);
    if (!code) return { problem: '会员号不正确（10位数字，请核对）', key: 'memberCode' };
    const resident = await findResidentByMemberCode(deps.db, code);
    return resident ? { resident, key: 'memberCode' } : { problem: NOT_FOUND.memberCode, key: 'memberCode' };
  }
  if (cells.idNumber) {
    const resident = await findResidentByIdNumber(deps, cells.idNumber.replace(/\s/g, ''));
    return resident ? { resident, key: 'idNumber' } : { problem: NOT_FOUND.idNumber, key: 'idNumber' };
  }
  if (cells.phone) {
    const phone = normalizePhone(cells.phone);
    if (!phone) return { problem: '手机号应为11位，以1开头', key: 'phone' };
    const resident = await findResidentByPhone(deps.db, phone);
    return resident ? { resident, key: 'phone' } : { problem: NOT_FOUND.phone, key: 'phone' };
  }
  return { problem: '请填写会员号、身份证号或手机号中的一项', key: 'memberCode' };
}

export function summariseOpeningCheck(rows: number, check: Awaited<ReturnType<typeof checkOpeningImport>>) {
  return {
    rows,
    valid: check.plans.length,
    toCreate: check.plans.length,
    toUpdate: 0,
    totalPoints: check.plans.reduce((sum, p) => sum + p.points, 0),
    errors: check.errors,
  } satisfies TImportCheck;
}

/** The upload becomes one pending batch (checked again here, never trusting the dry run); nothing reaches the ledger yet. */
export async function submitOpeningBatch(options: { deps: AppDeps; actor: Actor; rows: OpeningImportRow[] }) {
  const { deps, actor } = options;
  const { plans, errors } = await checkOpeningImport(options);
  if (errors.length) throw new AppError('IMPORT_HAS_ERRORS', { extra: { errors } });
  if (!plans.length)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'file', message: '表格中没有要导入的行' }] });
  const total = plans.reduce((sum, p) => sum + p.points, 0);
  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertOpeningBatch(trx, {
      rows: plans,
      total,
      createdBy: actor.userId,
      at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, actor, {
      action: 'points.opening.submit',
      targetType: 'opening_batch',
      targetId: id,
      communityId: singleCommunity(plans),
      summary: `提交期初积分第${id}批：${plans.length} 人，共 ${total} 分，待另一位工作人员审核`,
    });
    return id;
  });
}

const singleCommunity = (rows: { communityId?: number; community_id?: number }[]) => {
  const ids = new Set(rows.map((r) => r.communityId ?? r.community_id));
  return ids.size === 1 ? ([...ids][0] ?? null) : null;
};

/** The batch as the decider sees it; every row's community must be in their scope (FORBIDDEN otherwise). */
async function decidableBatch(trx: Trx, actor: Actor, batchId: number) {
  const batch = await repo.findOpeningBatch(trx, batchId);
  if (!batch) throw new AppError('NOT_FOUND');
  const rows = await repo.openingBatchRows(trx, batchId);
  return { batch, rows, decision: canDecideOpeningBatch(actor, batch, rows) };
}

/**
 * A second staff member approves the whole batch: the status moves pending → approved by one conditional UPDATE
 * (a second approval finds it decided: BATCH_NOT_PENDING), then one `opening` entry per row in the same
 * transaction, balances moved with them. An opening already set for a resident (the unique key) rolls it all back.
 */
export async function approveOpeningBatch({ deps, actor, batchId }: { deps: AppDeps; actor: Actor; batchId: number }) {
  return deps.db.transaction().execute(async (trx) => {
    const { batch, rows, decision } = await decidableBatch(trx, actor, batchId);
    if (decision === 'forbidden') throw new AppError('FORBIDDEN');
    if (decision === 'same_person') throw new AppError('BATCH_SAME_PERSON');
    const at = deps.clock.now().toISOString();
    if (!(await repo.decideOpeningBatch(trx, { id: batch.id, status: 'approved', decidedBy: actor.userId, at }))) {
      throw new AppError('BATCH_NOT_PENDING');
    }
    for (const row of rows) {
      const resident = (await findResident(trx, row.resident_id))!;
      ensureActiveResident(resident);
      // the approver must serve where the resident lives NOW, not where the batch recorded them at upload
      if (!canManagePointsIn(actor, resident.community_id))
        throw new AppError('FORBIDDEN', {
          details: [
            {
              field: `rows.${row.row_number}`,
              message: `第${row.row_number}行 ${resident.name} 已迁到您不负责的社区，不能由您审核`,
            },
          ],
        });
      try {
        await repo.appendLedgerEntry(trx, {
          residentId: row.resident_id,
          communityId: resident.community_id,
          delta: row.points,
          kind: 'opening',
          ruleId: null,
          ruleRevisionId: null,
          refType: 'opening_batch',
          refId: String(batch.id),
          reason: row.note ? `期初积分：${row.note}` : '期初积分',
          actorUserId: actor.userId,
          onBehalfResidentId: row.resident_id,
          idempotencyKey: openingKey(row.resident_id),
          createdAt: at,
        });
      } catch (error) {
        if (uniqueKeyOf(error) === 'points_ledger(idempotency_key)')
          throw new AppError('OPENING_ALREADY_SET', {
            details: [
              {
                field: `rows.${row.row_number}`,
                message: `第${row.row_number}行 ${resident.name} 的期初积分已经录入过`,
              },
            ],
          });
        throw error;
      }
    }
    await recordAudit(trx, deps, actor, {
      action: 'points.opening.approve',
      targetType: 'opening_batch',
      targetId: batch.id,
      communityId: singleCommunity(rows),
      summary: `审核通过期初积分第${batch.id}批：${rows.length} 人，共 ${batch.total_points} 分`,
    });
    return batch.id;
  });
}

/** Rejecting needs no second person (as with an adjustment, the uploader may withdraw their own batch); a reason is kept. */
export async function rejectOpeningBatch({
  deps,
  actor,
  batchId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  batchId: number;
  data: TOpeningReject;
}) {
  return deps.db.transaction().execute(async (trx) => {
    const { batch, rows, decision } = await decidableBatch(trx, actor, batchId);
    if (decision === 'forbidden') throw new AppError('FORBIDDEN');
    const at = deps.clock.now().toISOString();
    const decided = await repo.decideOpeningBatch(trx, {
      id: batch.id,
      status: 'rejected',
      decidedBy: actor.userId,
      at,
      rejectReason: data.reason,
    });
    if (!decided) throw new AppError('BATCH_NOT_PENDING');
    await recordAudit(trx, deps, actor, {
      action: 'points.opening.reject',
      targetType: 'opening_batch',
      targetId: batch.id,
      communityId: singleCommunity(rows),
      summary: `驳回期初积分第${batch.id}批：${data.reason}`,
    });
    return batch.id;
  });
}

/** Batches touching the actor's communities, newest first, each with whether the actor may decide it. */
export async function listOpeningBatches({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  if (!isStaff(actor)) throw new AppError('FORBIDDEN');
  const batches = await repo.listOpeningBatches(deps.db, staffCommunityIds(actor));
  return batches.map((batch) => ({ batch, canDecide: mayDecide(actor, batch) }));
}

/** One batch with its rows, for whoever may decide it (or reject it). */
export async function getOpeningBatch({ deps, actor, batchId }: { deps: AppDeps; actor: Actor; batchId: number }) {
  const [batch] = await repo.listOpeningBatches(deps.db, 'all', batchId);
  if (!batch) throw new AppError('NOT_FOUND');
  if (!isStaff(actor) || !batch.communityIds.every((id) => canManagePointsIn(actor, id)))
    throw new AppError('FORBIDDEN');
  return { batch, canDecide: mayDecide(actor, batch), rows: await repo.openingBatchRowDetails(deps.db, batchId) };
}

const mayDecide = (actor: Actor, batch: { status: string; created_by: number; communityIds: number[] }) =>
  batch.status === 'pending' &&
  canDecideOpeningBatch(
    actor,
    batch,
    batch.communityIds.map((id) => ({ community_id: id })),
  ) === 'ok';
