// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { countyDayEnd, countyDayStart, countyToday, formatBirthDateZh, formatDateZh, formatInstantZh } from './dates';

describe('Chinese dates', () => {
  it('formats a calendar date with the weekday', () => {
    expect(formatDateZh('2025-11-17')).toBe('11月17日 周一');
    expect(formatDateZh('2026-03-01')).toBe('3月1日 周日');
  });

  it('adds the year only when it is not the current one', () => {
    expect(formatDateZh('2025-11-17', 2025)).toBe('11月17日 周一');
    expect(formatDateZh('2024-02-29', 2025)).toBe('2024年2月29日 周四');
  });

  it('shows instants in Asia/Shanghai whatever the machine zone', () => {
    // 16:30 UTC on 16 Nov is 00:30 on 17 Nov in the county
    expect(formatInstantZh('2025-11-16T16:30:00Z', new Date('2025-12-01T00:00:00Z'))).toBe('11月17日 周一 00:30');
    expect(formatInstantZh('2025-11-17T09:05:00+08:00', new Date('2025-12-01T00:00:00Z'))).toBe('11月17日 周一 09:05');
  });

  it('county today rolls over at midnight in Shanghai', () => {
    expect(countyToday(new Date('2025-11-16T15:59:59Z'))).toBe('2025-11-16');
    expect(countyToday(new Date('2025-11-16T16:00:00Z'))).toBe('2025-11-17');
  });

  it('birth dates and filter bounds', () => {
    expect(formatBirthDateZh('1949-12-31')).toBe('1949年12月31日');
    expect(countyDayStart('2025-11-17')).toBe('2025-11-17T00:00:00+08:00');
    expect(countyDayEnd('2025-11-17')).toBe('2025-11-17T23:59:59+08:00');
  });
});
