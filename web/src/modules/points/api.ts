import type { LedgerKind, TPointsAdjustment, TPointsRuleVersionCreate } from '@zhongli/domain';
import { http } from '../../shared/http';

export interface RuleCapsView {
  perDay: number | null;
  perWeek: number | null;
  perMonth: number | null;
}

export interface PointsRule {
  id: number;
  code: string;
  name: string;
  category: string;
  points: number;
  description: string | null;
  caps: RuleCapsView;
  /** '每天最多1次' or '不限次数' */
  capsText: string;
}

export interface RuleVersion {
  id: number;
  communityId: number;
  version: number;
  effectiveFrom: string;
  publishedAt: string;
  /** lines separated by \n */
  exchangeRules: string | null;
  rules: PointsRule[];
}

export interface StatementEntry {
  id: number;
  seq: number;
  delta: number;
  kind: LedgerKind;
  kindLabel: string;
  reason: string | null;
  ruleName: string | null;
  category: string | null;
  ref: { type: string; id: string | null } | null;
  at: string;
  actorName: string | null;
  balanceAfter: number;
  /** id of the reversal entry, when this one has been reversed */
  reversedBy: number | null;
}

export interface Statement {
  residentId: number;
  name: string;
  balance: number;
  entries: StatementEntry[];
  page: number;
  hasMore: boolean;
}

export interface AwardResult {
  entry: { id: number; delta: number; balanceAfter: number };
}

export type AdjustmentStatus = 'pending' | 'approved' | 'rejected';

export interface Adjustment {
  id: number;
  residentId: number;
  residentName: string;
  communityId: number;
  delta: number;
  reason: string;
  status: AdjustmentStatus;
  requestedBy: { id: number; name: string };
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  entryId: number | null;
}

export type LeaderboardPeriod = 'month' | 'year';

export interface LeaderboardQuery {
  communityId: number;
  period: LeaderboardPeriod;
  /** '2026-11' for a month, '2026' for a year */
  at?: string;
  limit?: number;
}

export interface LeaderboardRow {
  rank: number;
  nameMasked: string;
  points: number;
}

export interface LeaderboardWindow {
  label: string;
  from: string;
  to: string;
}

export interface IntegrityMismatch {
  residentId: number;
  problem: string;
  entryId?: number;
  expected?: unknown;
  actual?: unknown;
}

export interface IntegrityReport {
  ok: boolean;
  entries: number;
  residents: number;
  mismatches: IntegrityMismatch[];
  rootHash: string;
  checkedAt: string;
}

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const pointsApi = {
  currentRules: (communityId: number) => http.get<RuleVersion>('/api/public/points-rules', { communityId }),
  ruleHistory: (communityId: number) => http.get<RuleVersion[]>('/api/public/points-rules/history', { communityId }),
  publishRules: (body: TPointsRuleVersionCreate) => http.post<RuleVersion>('/api/points-rules', body),

  statement: (residentId: number, page = 1, pageSize = 20) =>
    http.get<Statement>(`/api/residents/${residentId}/points`, { page, pageSize }),

  award: (body: { residentId: number; ruleId: number; note?: string }, idempotencyKey: string) =>
    http.post<AwardResult>('/api/points/awards', body, withKey(idempotencyKey)),
  reverse: (entryId: number, reason: string, idempotencyKey: string) =>
    http.post<{ entry: StatementEntry }>(`/api/points/entries/${entryId}/reverse`, { reason }, withKey(idempotencyKey)),

  requestAdjustment: (body: TPointsAdjustment) =>
    http.post<{ id: number; status: 'pending' }>('/api/points/adjustments', body),
  adjustments: (status?: AdjustmentStatus) => http.get<Adjustment[]>('/api/points/adjustments', { status }),
  approveAdjustment: (id: number, idempotencyKey: string) =>
    http.post<unknown>(`/api/points/adjustments/${id}/approve`, {}, withKey(idempotencyKey)),
  rejectAdjustment: (id: number) => http.post<unknown>(`/api/points/adjustments/${id}/reject`, {}),

  leaderboard: (query: LeaderboardQuery) => http.get<LeaderboardRow[]>('/api/public/leaderboard', { ...query }),
  leaderboardWindow: (query: LeaderboardQuery) =>
    http.get<LeaderboardWindow>('/api/public/leaderboard/window', { ...query }),

  integrity: () => http.get<IntegrityReport>('/api/points/integrity'),
};
