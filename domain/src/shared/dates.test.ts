import { describe, expect, it } from 'vitest';
import {
  countyClockOf,
  countyDateOf,
  countyDateTimeText,
  countyDaysWindow,
  countyInstant,
  countyPeriodWindow,
  daysInMonth,
  parseCalendarDate,
} from './dates.js';

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
  it("writes an instant as the county's wall clock (a UTC 16:30 is the next day's 00:30)", () => {
    expect(countyDateTimeText('2026-11-28T16:30:00.000Z')).toBe('2026-11-29 00:30');
    expect(countyDateTimeText(new Date('2026-11-28T15:59:00Z'))).toBe('2026-11-28 23:59');
  });
});

describe('county periods', () => {
  it('starts months and years at midnight in Asia/Shanghai', () => {
    expect(countyPeriodWindow('2026-11')).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z' });
    expect(countyPeriodWindow('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(countyPeriodWindow('2026')).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });
});

describe('county wall-clock instants', () => {
  it('turns a county date and time into the instant, eight hours behind in UTC', () => {
    expect(countyInstant('2026-12-05', '08:30')).toBe('2026-12-05T00:30:00.000Z');
    expect(countyInstant('2026-12-05')).toBe('2026-12-04T16:00:00.000Z');
    expect(countyInstant('2026-12-05', '23:59:59')).toBe('2026-12-05T15:59:59.000Z');
    // the first minute of a year in the county is still the old year in UTC
    expect(countyInstant('2027-01-01', '07:59')).toBe('2026-12-31T23:59:00.000Z');
  });

  it('covers whole county days from midnight to the midnight after the last', () => {
    expect(countyDaysWindow('2026-02-28')).toEqual({
      from: '2026-02-27T16:00:00.000Z',
      to: '2026-02-28T16:00:00.000Z',
    });
    expect(countyDaysWindow('2028-02-28', '2028-02-29')).toEqual({
      from: '2028-02-27T16:00:00.000Z',
      to: '2028-02-29T16:00:00.000Z',
    });
  });

  it('reads the county clock at an instant, across the UTC date line', () => {
    expect(countyClockOf(new Date('2026-12-04T16:00:00Z'))).toEqual({ hour: 0, minute: 0, time: '00:00' });
    expect(countyClockOf(new Date('2026-12-05T15:59:00Z'))).toEqual({ hour: 23, minute: 59, time: '23:59' });
    expect(countyClockOf(new Date('2026-12-05T06:05:00Z')).time).toBe('14:05');
  });
});
