import { describe, expect, it } from 'vitest';
import { countyDateOf, countyPeriodWindow, daysInMonth, parseCalendarDate } from './dates.js';

describe('calendar dates', () => {
  it('knows month lengths, February included', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
  it('refuses 30 February and month 13', () => {
    expect(parseCalendarDate('2026-02-30')).toBeNull();
    expect(parseCalendarDate('2026-13-01')).toBeNull();
    expect(parseCalendarDate('2026-2-3')).toBeNull();
    expect(parseCalendarDate('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
  });
  it('computes the county date in Asia/Shanghai, not UTC', () => {
    expect(countyDateOf(new Date('2026-11-28T15:59:59Z'))).toBe('2026-11-28');
    expect(countyDateOf(new Date('2026-11-28T16:00:00Z'))).toBe('2026-11-29');
  });
});

describe('county periods', () => {
  it('starts months and years at midnight in Asia/Shanghai', () => {
    expect(countyPeriodWindow('2026-11')).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    expect(countyPeriodWindow('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(countyPeriodWindow('2026')).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });
});
