import type {
  AdjustmentStatus,
  TAdjustment,
  TAdjustmentApproved,
  TAdjustmentRejected,
  TAdjustmentRequested,
  IntegrityMode,
  TIntegrityLastRun,
  TIntegrityReport,
  TLeaderboardRow,
  TLeaderboardWindow,
  TLedgerEntryWritten,
  TPointsAdjustment,
  TPointsAward,
  TPointsRuleVersionCreate,
  TPointsRulesCopy,
  TPointsTemplateSave,
  TRulesCopied,
  TTemplateRule,
  TPointsStatement,
  TRuleVersion,
} from '@zhongli/domain';
import { http, withQuery } from '../../shared/http';

export type LeaderboardPeriod = 'month' | 'year';

export interface LeaderboardQuery {
  communityId: number;
  period: LeaderboardPeriod;
  /** '2026-11' for a month, '2026' for a year */
  at?: string;
  limit?: number;
}

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const pointsApi = {
  /** A resident's whole statement as Excel. */
  statementExportUrl: (residentId: number) => `/api/residents/${residentId}/points/export`,
  /** The ledger of county days [from, to] as Excel, for a community or every one the staff member sees. */
  ledgerExportUrl: (query: { communityId?: number; from: string; to: string }) =>
    withQuery('/api/points/ledger/export', query),
  currentRules: (communityId: number) => http.get<TRuleVersion>('/api/public/points-rules', { communityId }),
  ruleHistory: (communityId: number) => http.get<TRuleVersion[]>('/api/public/points-rules/history', { communityId }),
  publishRules: (body: TPointsRuleVersionCreate) => http.post<TRuleVersion>('/api/points-rules', body),
  template: () => http.get<TTemplateRule[]>('/api/points/rules/template'),
  saveTemplate: (body: TPointsTemplateSave) => http.put<TTemplateRule[]>('/api/points/rules/template', body),
  copyRules: (body: TPointsRulesCopy) => http.post<TRulesCopied>('/api/points/rules/copy', body),

  statement: (residentId: number, page = 1, pageSize = 20) =>
    http.get<TPointsStatement>(`/api/residents/${residentId}/points`, { page, pageSize }),

  award: (body: TPointsAward, idempotencyKey: string) =>
    http.post<TLedgerEntryWritten>('/api/points/awards', body, withKey(idempotencyKey)),
  reverse: (entryId: number, reason: string, idempotencyKey: string) =>
    http.post<TLedgerEntryWritten>(`/api/points/entries/${entryId}/reverse`, { reason }, withKey(idempotencyKey)),

  requestAdjustment: (body: TPointsAdjustment) => http.post<TAdjustmentRequested>('/api/points/adjustments', body),
  adjustments: (status?: AdjustmentStatus) => http.get<TAdjustment[]>('/api/points/adjustments', { status }),
  approveAdjustment: (id: number, idempotencyKey: string) =>
    http.post<TAdjustmentApproved>(`/api/points/adjustments/${id}/approve`, {}, withKey(idempotencyKey)),
  rejectAdjustment: (id: number) => http.post<TAdjustmentRejected>(`/api/points/adjustments/${id}/reject`, {}),

  leaderboard: (query: LeaderboardQuery) => http.get<TLeaderboardRow[]>('/api/public/leaderboard', { ...query }),
  leaderboardWindow: (query: LeaderboardQuery) =>
    http.get<TLeaderboardWindow>('/api/public/leaderboard/window', { ...query }),

  integrity: (mode: IntegrityMode) => http.get<TIntegrityReport>('/api/points/integrity', { mode }),
  integrityLastRun: () => http.get<TIntegrityLastRun>('/api/points/integrity/last'),
};
