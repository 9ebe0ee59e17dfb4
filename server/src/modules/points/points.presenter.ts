import {
  describeLimits,
  LEDGER_KIND_LABELS,
  maskName,
  OPENING_BATCH_STATUS_LABELS,
  type LedgerKind,
  type TOpeningBatch,
  type TOpeningBatchDetail,
  type TAdjustment,
  type TLeaderboardRow,
  type TLedgerEntryWritten,
  type TLedgerMove,
  type TPointsStatement,
  type TPointsStatementEntry,
  type TRulesCopied,
  type TRuleVersion,
  type TTemplateRule,
} from '@zhongli/domain';
import type { PointsRuleVersionsTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import type { RevisionRow, StatementRow, TemplateRow } from './points.repository.js';
import type { listAdjustments } from './points.repository.js';
import type { getOpeningBatch, listOpeningBatches } from './points.opening.js';

type VersionWithRules = { version: Selectable<PointsRuleVersionsTable>; rules: RevisionRow[] };

export function presentRuleVersion({ version, rules }: VersionWithRules): TRuleVersion {
  return {
    id: version.id,
    communityId: version.community_id,
    version: version.version,
    effectiveFrom: version.effective_from,
    publishedAt: version.created_at,
    exchangeRules: version.exchange_rules,
    rules: rules.map((r) => {
      // A rule's caps in the API are its limits.
      const limits = { perDay: r.limit_per_day, perWeek: r.limit_per_week, perMonth: r.limit_per_month };
      return {
        id: r.rule_id,
        code: r.code,
        name: r.name,
        category: r.category,
        points: r.points,
        description: r.description,
        caps: limits,
        capsText: describeLimits(limits),
        origin: r.origin_note,
      };
    }),
  };
}

export function presentTemplateRule(r: TemplateRow): TTemplateRule {
  const limits = { perDay: r.limit_per_day, perWeek: r.limit_per_week, perMonth: r.limit_per_month };
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    points: r.points,
    description: r.description,
    caps: limits,
    capsText: describeLimits(limits),
  };
}

export function presentRulesCopied(result: {
  copied: number;
  alreadyThere: number;
  version: VersionWithRules | null;
}): TRulesCopied {
  return {
    copied: result.copied,
    alreadyThere: result.alreadyThere,
    version: result.version ? presentRuleVersion(result.version) : null,
  };
}

/** An award or a reversal answers with the entry it wrote. */
export const presentEntryWritten = (entry: TLedgerMove): TLedgerEntryWritten => ({ entry });

export function presentStatement(
  statement: { resident: { id: number; name: string }; balance: number; rows: StatementRow[]; hasMore: boolean },
  page: number,
): TPointsStatement {
  return {
    residentId: statement.resident.id,
    name: statement.resident.name,
    balance: statement.balance,
    entries: statement.rows.map(presentStatementEntry),
    page,
    hasMore: statement.hasMore,
  };
}

function presentStatementEntry(row: StatementRow): TPointsStatementEntry {
  return {
    id: row.id,
    seq: row.seq,
    delta: row.delta,
    kind: row.kind,
    kindLabel: LEDGER_KIND_LABELS[row.kind as LedgerKind],
    reason: row.reason,
    ruleName: row.rule_name,
    category: row.rule_category,
    ref: row.ref_type ? { type: row.ref_type, id: row.ref_id } : null,
    at: row.created_at,
    actorName: row.actor_name,
    balanceAfter: row.balance_after,
    reversedBy: row.reversed_by,
  };
}

/** Standard competition ranking (1, 2, 2, 4); names masked — the honour roll is public. */
export function presentLeaderboard(
  rows: { resident_id: number; name: string; points: number | string }[],
): TLeaderboardRow[] {
  let rank = 0;
  let previous: number | null = null;
  return rows.map((row, index) => {
    const points = Number(row.points);
    if (points !== previous) rank = index + 1;
    previous = points;
    return { rank, nameMasked: maskName(row.name), points };
  });
}

type AdjustmentRow = Awaited<ReturnType<typeof listAdjustments>>[number];
export function presentAdjustment(row: AdjustmentRow): TAdjustment {
  return {
    id: row.id,
    residentId: row.resident_id,
    residentName: row.resident_name,
    communityId: row.community_id,
    delta: row.delta,
    reason: row.reason,
    status: row.status,
    requestedBy: { id: row.requested_by, name: row.requester_name },
    requestedAt: row.requested_at,
    decidedBy: row.decider_name,
    decidedAt: row.decided_at,
    entryId: row.entry_id,
  };
}

type OpeningBatchRow = Awaited<ReturnType<typeof listOpeningBatches>>[number];

export function presentOpeningBatch({ batch, canDecide }: OpeningBatchRow): TOpeningBatch {
  return {
    id: batch.id,
    status: batch.status,
    statusLabel: OPENING_BATCH_STATUS_LABELS[batch.status],
    rowCount: batch.row_count,
    totalPoints: batch.total_points,
    communities: batch.communityNames,
    createdBy: { id: batch.created_by, name: batch.creator_name },
    createdAt: batch.created_at,
    decidedBy: batch.decided_by != null ? { id: batch.decided_by, name: batch.decider_name ?? '' } : null,
    decidedAt: batch.decided_at,
    rejectReason: batch.reject_reason,
    canDecide,
  };
}

export function presentOpeningBatchDetail(detail: Awaited<ReturnType<typeof getOpeningBatch>>): TOpeningBatchDetail {
  return {
    ...presentOpeningBatch(detail),
    rows: detail.rows.map((r) => ({
      row: r.row_number,
      residentId: r.resident_id,
      name: r.name,
      memberCode: r.member_code,
      communityName: r.community_name,
      points: r.points,
      note: r.note,
    })),
  };
}
