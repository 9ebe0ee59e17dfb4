import { describe, expect, it } from 'vitest';
import {
  MAX_ENTRY_MINUTES,
  activityEntryMinutes,
  hoursOfMinutes,
  minutesBetween,
  shiftEntryMinutes,
} from './hours.rules.js';

describe('volunteer hours arithmetic', () => {
  it('rounds to the minute: 29.9 s down, 30 s up', () => {
    expect(minutesBetween('2026-12-05T01:00:00.000Z', '2026-12-05T01:01:29.900Z')).toBe(1);
    expect(minutesBetween('2026-12-05T01:00:00.000Z', '2026-12-05T01:01:30.000Z')).toBe(2);
  });

  it('is never negative: a check-out before the check-in counts nothing', () => {
    expect(minutesBetween('2026-12-05T02:00:00.000Z', '2026-12-05T01:00:00.000Z')).toBe(0);
    expect(minutesBetween('2026-12-05T02:00:00.000Z', '2026-12-05T02:00:00.000Z')).toBe(0);
  });

  it('is capped at 12 hours, below, at and above', () => {
    const start = '2026-12-05T00:00:00.000Z';
    expect(minutesBetween(start, '2026-12-05T11:59:00.000Z')).toBe(MAX_ENTRY_MINUTES - 1);
    expect(minutesBetween(start, '2026-12-05T12:00:00.000Z')).toBe(MAX_ENTRY_MINUTES);
    expect(minutesBetween(start, '2026-12-05T12:01:00.000Z')).toBe(MAX_ENTRY_MINUTES);
    expect(minutesBetween(start, '2026-12-07T00:00:00.000Z')).toBe(MAX_ENTRY_MINUTES);
  });

  it('runs to the scheduled end when nobody checked out, and says so', () => {
    expect(
      activityEntryMinutes({
        checkedInAt: '2026-12-05T01:10:00.000Z',
        checkedOutAt: null,
        scheduledEndAt: '2026-12-05T03:00:00.000Z',
      }),
    ).toEqual({ minutes: 110, plannedEnd: true, endedAt: '2026-12-05T03:00:00.000Z' });
  });

  it('uses the check-out when there is one, even after the scheduled end', () => {
    expect(
      activityEntryMinutes({
        checkedInAt: '2026-12-05T01:00:00.000Z',
        checkedOutAt: '2026-12-05T03:30:00.000Z',
        scheduledEndAt: '2026-12-05T03:00:00.000Z',
      }),
    ).toEqual({ minutes: 150, plannedEnd: false, endedAt: '2026-12-05T03:30:00.000Z' });
  });

  it('a late check-in after the scheduled end without check-out counts nothing', () => {
    expect(
      activityEntryMinutes({
        checkedInAt: '2026-12-05T03:10:00.000Z',
        checkedOutAt: null,
        scheduledEndAt: '2026-12-05T03:00:00.000Z',
      }).minutes,
    ).toBe(0);
  });

  it('a shift counts its scheduled length', () => {
    expect(shiftEntryMinutes({ startsAt: '2026-12-05T00:30:00.000Z', endsAt: '2026-12-05T03:30:00.000Z' })).toBe(180);
  });

  it('shows hours with one decimal', () => {
    expect(hoursOfMinutes(0)).toBe(0);
    expect(hoursOfMinutes(95)).toBe(1.6);
    expect(hoursOfMinutes(92)).toBe(1.5);
    expect(hoursOfMinutes(93)).toBe(1.6);
    expect(hoursOfMinutes(600)).toBe(10);
  });
});
