// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  countyDayEnd,
  countyDayStart,
  countyToday,
  formatBirthDateZh,
  formatDateZh,
  formatInstantZh,
  formatEntryTimeZh,
  formatFullDateZh,
  periodLabelZh,
  shiftMonth,
} from './dates';

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
    expect(countyDayStart('2025-11-17')).toBe('2025-11-16T16:00:00.000Z');
    expect(countyDayEnd('2025-11-17')).toBe('2025-11-17T15:59:59.000Z');
  });
});

const NOW = new Date('2026-11-28T10:00:00Z');

describe('statement times', () => {
  it('shows the county date, weekday and part of the day', () => {
    // 2026-11-17 01:30Z is 09:30 on Tuesday 17 November in the county
    expect(formatEntryTimeZh('2026-11-17T01:30:00Z', NOW)).toBe('11月17日 周二 上午9:30');
    expect(formatEntryTimeZh('2026-11-17T06:05:00Z', NOW)).toBe('11月17日 周二 下午2:05');
    expect(formatEntryTimeZh('2026-11-17T04:00:00Z', NOW)).toBe('11月17日 周二 中午12:00');
    expect(formatEntryTimeZh('2026-11-17T12:15:00Z', NOW)).toBe('11月17日 周二 晚上8:15');
  });

  it('uses the county date at the day boundary and adds the year for another year', () => {
    // 16:30Z on 16 November is 00:30 on the 17th in the county
    expect(formatEntryTimeZh('2026-11-16T16:30:00Z', NOW)).toBe('11月17日 周二 凌晨0:30');
    expect(formatEntryTimeZh('2025-12-31T02:00:00Z', NOW)).toBe('2025年12月31日 周三 上午10:00');
  });

  it('gives full dates for versions and posters', () => {
    expect(formatFullDateZh('2026-08-30T18:06:32.325Z')).toBe('2026年8月31日');
  });
});

describe('honour roll periods', () => {
  it('steps months across year ends', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-11', 0)).toBe('2026-11');
  });

  it('labels periods', () => {
    expect(periodLabelZh('2026-03')).toBe('2026年3月');
    expect(periodLabelZh('2026')).toBe('2026年');
  });
});
