import { describe, expect, it } from 'vitest';
import { weekNameZh, weekRangeZh } from './weeks';

describe('weeks in Chinese', () => {
  it('names weeks and their dates', () => {
    expect(weekRangeZh('2026-W50')).toBe('12月7日—12月13日');
    expect(weekRangeZh('2026-W53')).toBe('12月28日—1月3日');
    expect(weekNameZh('2026-W50', '2026-W49')).toBe('下周');
    expect(weekNameZh('2026-W49', '2026-W49')).toBe('本周');
    expect(weekNameZh('2027-W02', '2026-W49')).toBe('2027年第2周');
  });
});
