import { z } from 'zod';
import { LEDGER_KINDS } from './points.rules.js';

/** What the points routes answer (the server encodes through these; the web reads these types). */

/**
 * A rule's limits per resident and period; `null` is unlimited. The HTTP contract calls them
 * `caps` (a rule's caps are its limits), a name the published API keeps.
 */
export const ZRuleLimits = z.object({
  perDay: z.number().int().nullable(),
  perWeek: z.number().int().nullable(),
  perMonth: z.number().int().nullable(),
});
export type TRuleLimits = z.infer<typeof ZRuleLimits>;

export const ZPointsRule = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  category: z.string(),
  points: z.number().int(),
  description: z.string().nullable(),
  caps: ZRuleLimits,
  /** '每天最多1次' or '不限次数' */
  capsText: z.string(),
  /** where a copied rule came from ('复制自中心模板「志愿服务」'); null for a rule written here */
  origin: z.string().nullable(),
});
export type TPointsRule = z.infer<typeof ZPointsRule>;

/** One rule of the center's template. */
export const ZTemplateRule = z.object({
  id: z.number().int(),
  name: z.string(),
  category: z.string(),
  points: z.number().int(),
  description: z.string().nullable(),
  caps: ZRuleLimits,
  capsText: z.string(),
});
export type TTemplateRule = z.infer<typeof ZTemplateRule>;

export const ZRuleVersion = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  version: z.number().int(),
  effectiveFrom: z.string(),
  publishedAt: z.string(),
  /** lines separated by \n */
  exchangeRules: z.string().nullable(),
  rules: z.array(ZPointsRule),
});
export type TRuleVersion = z.infer<typeof ZRuleVersion>;

/** What a copy did: how many rules arrived, which were there already, and the version it published (none when nothing was new). */
export const ZRulesCopied = z.object({
  copied: z.number().int(),
  alreadyThere: z.number().int(),
  version: ZRuleVersion.nullable(),
});
export type TRulesCopied = z.infer<typeof ZRulesCopied>;

/** One ledger entry written: its id, the points moved and the balance after. */
export const ZLedgerMove = z.object({ id: z.number().int(), delta: z.number().int(), balanceAfter: z.number().int() });
export type TLedgerMove = z.infer<typeof ZLedgerMove>;

/** An award at the desk, a reversal: the entry they wrote. */
export const ZLedgerEntryWritten = z.object({ entry: ZLedgerMove });
export type TLedgerEntryWritten = z.infer<typeof ZLedgerEntryWritten>;

export const ZPointsStatementEntry = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  delta: z.number().int(),
  kind: z.enum(LEDGER_KINDS),
  kindLabel: z.string(),
  reason: z.string().nullable(),
  ruleName: z.string().nullable(),
  category: z.string().nullable(),
  ref: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  at: z.string(),
  actorName: z.string().nullable(),
  balanceAfter: z.number().int(),
  /** id of the reversal entry, when this one has been reversed */
  reversedBy: z.number().int().nullable(),
});
export type TPointsStatementEntry = z.infer<typeof ZPointsStatementEntry>;

export const ZPointsStatement = z.object({
  residentId: z.number().int(),
  name: z.string(),
  balance: z.number().int(),
  entries: z.array(ZPointsStatementEntry),
  page: z.number().int(),
  hasMore: z.boolean(),
});
export type TPointsStatement = z.infer<typeof ZPointsStatement>;

export const ADJUSTMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

export const ZAdjustment = z.object({
  id: z.number().int(),
  residentId: z.number().int(),
  residentName: z.string(),
  communityId: z.number().int(),
  delta: z.number().int(),
  reason: z.string(),
  status: z.enum(ADJUSTMENT_STATUSES),
  requestedBy: z.object({ id: z.number().int(), name: z.string() }),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  entryId: z.number().int().nullable(),
});
export type TAdjustment = z.infer<typeof ZAdjustment>;

export const ZAdjustmentRequested = z.object({ id: z.number().int(), status: z.literal('pending') });
export type TAdjustmentRequested = z.infer<typeof ZAdjustmentRequested>;

export const ZAdjustmentApproved = z.object({
  id: z.number().int(),
  status: z.literal('approved'),
  entry: ZLedgerMove,
});
export type TAdjustmentApproved = z.infer<typeof ZAdjustmentApproved>;

export const ZAdjustmentRejected = z.object({ id: z.number().int(), status: z.literal('rejected') });
export type TAdjustmentRejected = z.infer<typeof ZAdjustmentRejected>;

export const ZLeaderboardRow = z.object({ rank: z.number().int(), nameMasked: z.string(), points: z.number().int() });
export type TLeaderboardRow = z.infer<typeof ZLeaderboardRow>;

export const ZLeaderboardWindow = z.object({ label: z.string(), from: z.string(), to: z.string() });
export type TLeaderboardWindow = z.infer<typeof ZLeaderboardWindow>;

export const INTEGRITY_PROBLEMS = [
  'HASH_MISMATCH', // an entry's content no longer matches its hash: it was edited
  'CHAIN_BROKEN', // an entry does not link to the one before: one was removed or inserted
  'SEQUENCE_GAP', // seq is not 1, 2, 3 …: an entry is missing
  'BALANCE_AFTER_MISMATCH', // an entry's running balance does not follow from the entries before it
  'BALANCE_MISMATCH', // the cached balance differs from the sum of the resident's entries
  'HEAD_MISMATCH', // the cached chain head or count differs from the last entry
  'CHECKPOINT_MISMATCH', // the chain no longer passes through its verified checkpoint head (history rewritten), or the checkpoint's heads no longer give its root
] as const;
export type IntegrityProblem = (typeof INTEGRITY_PROBLEMS)[number];

export const ZIntegrityMismatch = z.object({
  residentId: z.number().int(),
  problem: z.enum(INTEGRITY_PROBLEMS),
  entryId: z.number().int().optional(),
  expected: z.union([z.string(), z.number()]).optional(),
  actual: z.union([z.string(), z.number()]).optional(),
});
export type TIntegrityMismatch = z.infer<typeof ZIntegrityMismatch>;

export const INTEGRITY_MODES = ['full', 'incremental'] as const;
export type IntegrityMode = (typeof INTEGRITY_MODES)[number];
export const ZIntegrityQuery = z.object({ mode: z.enum(INTEGRITY_MODES).default('full') });

export const ZIntegrityReport = z.object({
  ok: z.boolean(),
  /** full: every entry from the genesis; incremental: only what came after each chain's verified checkpoint head */
  mode: z.enum(INTEGRITY_MODES),
  /** entries read and verified by this run */
  entries: z.number().int(),
  /** chains (residents) whose entries this run replayed */
  chainsChecked: z.number().int(),
  residents: z.number().int(),
  mismatches: z.array(ZIntegrityMismatch),
  /** SHA-256 over every resident's chain head: publish it (公示) and any later rewrite shows. */
  rootHash: z.string(),
  checkedAt: z.string(),
});
export type TIntegrityReport = z.infer<typeof ZIntegrityReport>;

/** The last run of the check (上次核查), or null before the first one. */
export const ZIntegrityLastRun = z
  .object({
    mode: z.enum(INTEGRITY_MODES),
    ok: z.boolean(),
    startedAt: z.string(),
    finishedAt: z.string(),
    entriesChecked: z.number().int(),
    chainsChecked: z.number().int(),
    mismatches: z.number().int(),
    rootHash: z.string(),
  })
  .nullable();
export type TIntegrityLastRun = z.infer<typeof ZIntegrityLastRun>;
