import type { CapPeriod } from '@zhongli/domain';

const PERIOD_WORDS: Record<CapPeriod, { when: string; next: string }> = {
  day: { when: '今天', next: '明天' },
  week: { when: '本周', next: '下周' },
  month: { when: '本月', next: '下个月' },
};

function isCapPeriod(value: unknown): value is CapPeriod {
  return value === 'day' || value === 'week' || value === 'month';
}

/**
 * The desk message for 409 RULE_CAP_REACHED: '「环境整治」今天已达上限（最多2次），明天可以再发放'.
 * An unknown period (an older server) still gives a plain sentence.
 */
export function capReachedMessage(ruleName: string, period: unknown, cap: unknown): string {
  const limit = typeof cap === 'number' ? `（最多${cap}次）` : '';
  if (!isCapPeriod(period)) return `「${ruleName}」已达次数上限${limit}`;
  const words = PERIOD_WORDS[period];
  return `「${ruleName}」${words.when}已达上限${limit}，${words.next}可以再发放`;
}
