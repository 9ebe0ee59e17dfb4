/** Points rules: categories, limits and what a limit means, stated once. */
export const POINTS_CATEGORIES = ['志愿服务', '环境整治', '活动参与', '邻里互助', '文明实践', '其他'] as const;

/** One award is at most this many points; a manual adjustment at most this many either way. */
export const MAX_RULE_POINTS = 1_000;
export const MAX_ADJUSTMENT = 10_000;

/** `opening`: the balance a paper ledger carried before the platform, set once per resident (期初积分). */
export const LEDGER_KINDS = ['award', 'adjustment', 'reversal', 'redemption', 'voucher', 'opening'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  award: '获得',
  adjustment: '调整',
  reversal: '冲正',
  redemption: '兑换',
  voucher: '代金券',
  opening: '期初',
};

/**
 * A reversal corrects an award or an adjustment. Spending is undone by its own flow (stock back
 * on the shelf, the voucher voided), never by a bare credit; a reversal is never reversed.
 */
export const REVERSIBLE_KINDS: readonly LedgerKind[] = ['award', 'adjustment'];

export function isReversibleKind(kind: LedgerKind): boolean {
  return REVERSIBLE_KINDS.includes(kind);
}

/** An entry can be reversed once: of a reversible kind, and not reversed yet. */
export function canReverseEntry(entry: { kind: LedgerKind; reversedBy: number | null }): boolean {
  return isReversibleKind(entry.kind) && entry.reversedBy == null;
}

/**
 * How many awards of a rule one resident may have per day, week and month; `null` means
 * unlimited. The published API calls a rule's limits its `caps` (and the refusal
 * RULE_CAP_REACHED): those names stay for the HTTP contract, the code says limit.
 */
export interface RuleLimits {
  perDay: number | null;
  perWeek: number | null;
  perMonth: number | null;
}

/** A limit counts awards (not points) per resident and rule. */
export function describeLimits(limits: RuleLimits): string {
  const parts = [
    limits.perDay != null ? `每天最多${limits.perDay}次` : null,
    limits.perWeek != null ? `每周最多${limits.perWeek}次` : null,
    limits.perMonth != null ? `每月最多${limits.perMonth}次` : null,
  ].filter(Boolean);
  return parts.length ? parts.join('，') : '不限次数';
}

export interface LimitUsage {
  day: number;
  week: number;
  month: number;
}

/** Which limit (if any) one more award would go past, given the awards already counted. */
export function exceededLimit(limits: RuleLimits, used: LimitUsage): 'perDay' | 'perWeek' | 'perMonth' | null {
  if (limits.perDay != null && used.day + 1 > limits.perDay) return 'perDay';
  if (limits.perWeek != null && used.week + 1 > limits.perWeek) return 'perWeek';
  if (limits.perMonth != null && used.month + 1 > limits.perMonth) return 'perMonth';
  return null;
}
