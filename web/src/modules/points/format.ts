import type { LimitPeriod } from '@zhongli/domain';

const PERIOD_WORDS: Record<LimitPeriod, { when: string; next: string }> = {
  day: { when: '今天', next: '明天' },
  week: { when: '本周', next: '下周' },
  month: { when: '本月', next: '下个月' },
};

function isLimitPeriod(value: unknown): value is LimitPeriod {
  return value === 'day' || value === 'week' || value === 'month';
}

/**
 * The desk message for 409 RULE_CAP_REACHED (its `extra.cap` is the rule's limit):
 * '「环境整治」今天已达上限（最多2次），明天可以再发放'. An unknown period (an older server) still
 * gives a plain sentence.
 */
export function limitReachedMessage(ruleName: string, period: unknown, limit: unknown): string {
  const most = typeof limit === 'number' ? `（最多${limit}次）` : '';
  if (!isLimitPeriod(period)) return `「${ruleName}」已达次数上限${most}`;
  const words = PERIOD_WORDS[period];
  return `「${ruleName}」${words.when}已达上限${most}，${words.next}可以再发放`;
}
