import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE,
  isSubmissionOpen,
  isValidWeek,
  parseDeadlineRule,
  shiftWeek,
  submissionDeadline,
  weekMonday,
  weekOfInstant,
  weekWindow,
} from './weeks.js';

describe('ISO weeks in the county', () => {
  it('knows which years have a week 53: 2026 does (it starts on a Thursday), 2025 does not', () => {
    expect(isValidWeek('2026-W53')).toBe(true);
    expect(weekMonday('2026-W53')).toBe('2026-12-28');
    expect(isValidWeek('2025-W53')).toBe(false);
    expect(() => weekMonday('2025-W53')).toThrow(RangeError);
    expect(isValidWeek('2020-W53')).toBe(true); // a leap year starting on a Wednesday
    expect(isValidWeek('2026-W54')).toBe(false);
    expect(isValidWeek('2026-W00')).toBe(false);
    expect(isValidWeek('2026-W1')).toBe(false);
  });

  it("starts a year's first week in the year before when 4 January falls late in the week", () => {
    expect(weekMonday('2026-W01')).toBe('2025-12-29');
    expect(weekMonday('2025-W01')).toBe('2024-12-30');
    expect(weekMonday('2027-W01')).toBe('2027-01-04');
  });

  it('steps across year ends, through a week 53 and past a year without one', () => {
    expect(shiftWeek('2026-W52', 1)).toBe('2026-W53');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftWeek('2025-W52', 1)).toBe('2026-W01');
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52');
  });

  it('puts an instant in the week of its county date: Sunday 23:59 and Monday 00:00 at the year end', () => {
    // Sunday 3 January 2027, 23:59:59.999 in the county is still 2026-W53; a millisecond later it is 2027-W01.
    expect(weekOfInstant(new Date('2027-01-03T15:59:59.999Z'))).toBe('2026-W53');
    expect(weekOfInstant(new Date('2027-01-03T16:00:00.000Z'))).toBe('2027-W01');
    // 31 December 2025 in the county already belongs to 2026's first week.
    expect(weekOfInstant(new Date('2025-12-31T02:00:00Z'))).toBe('2026-W01');
  });

  it('covers a week as the half-open window from Monday 00:00 to the next Monday 00:00 in the county', () => {
    expect(weekWindow('2026-W53')).toEqual({ from: '2026-12-27T16:00:00.000Z', to: '2027-01-03T16:00:00.000Z' });
    const { from, to } = weekWindow('2026-W50');
    expect(weekOfInstant(new Date(from))).toBe('2026-W50');
    expect(weekOfInstant(new Date(Date.parse(to) - 1))).toBe('2026-W50');
    expect(weekOfInstant(new Date(to))).toBe('2026-W51');
  });
});

describe('the submission deadline (社区提前报)', () => {
  it("falls on the rule's weekday and time of the week before, in the county", () => {
    // 2026-W50 starts Monday 7 December; the deadline is Thursday 3 December 18:00 (10:00 UTC).
    expect(submissionDeadline('2026-W50').toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(submissionDeadline('2026-W50', { weekday: 7, time: '23:59' }).toISOString()).toBe(
      '2026-12-06T15:59:00.000Z',
    );
    expect(submissionDeadline('2026-W50', { weekday: 1, time: '00:00' }).toISOString()).toBe(
      '2026-11-29T16:00:00.000Z',
    );
  });

  it('reaches back across the year end: 2027-W01 closes on Thursday 31 December 2026, 2026-W01 in December 2025', () => {
    expect(submissionDeadline('2027-W01').toISOString()).toBe('2026-12-31T10:00:00.000Z');
    expect(submissionDeadline('2026-W01').toISOString()).toBe('2025-12-25T10:00:00.000Z');
  });

  it('moves to the working day before when the deadline day is a day off, and only then', () => {
    // 2026-W41's deadline would be Thursday 1 October (国庆): back past the days off to Wednesday 30 September
    const national = ['2026-10-01', '2026-10-02'].map((date) => ({ date, kind: 'off' as const }));
    expect(submissionDeadline('2026-W41', DEFAULT_DEADLINE, national).toISOString()).toBe('2026-09-30T10:00:00.000Z');
    // the day before the deadline being off changes nothing
    expect(submissionDeadline('2026-W50', DEFAULT_DEADLINE, [{ date: '2026-12-02', kind: 'off' }]).toISOString()).toBe(
      '2026-12-03T10:00:00.000Z',
    );
    // a day off on Monday: back over the weekend to Friday, unless Sunday is worked in exchange (调休上班)
    const monday = { weekday: 1, time: '18:00' };
    const off = [{ date: '2026-11-30', kind: 'off' as const }];
    expect(submissionDeadline('2026-W50', monday, off).toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(
      submissionDeadline('2026-W50', monday, [...off, { date: '2026-11-29', kind: 'workday' }]).toISOString(),
    ).toBe('2026-11-29T10:00:00.000Z');
    // open a minute before the moved deadline, closed a millisecond after
    expect(isSubmissionOpen('2026-W41', DEFAULT_DEADLINE, new Date('2026-09-30T10:00:00.000Z'), national)).toBe(true);
    expect(isSubmissionOpen('2026-W41', DEFAULT_DEADLINE, new Date('2026-09-30T10:00:00.001Z'), national)).toBe(false);
  });

  it("is open through the deadline's minute and closed a millisecond after it", () => {
    const at = (iso: string) => isSubmissionOpen('2026-W50', DEFAULT_DEADLINE, new Date(iso));
    expect(at('2026-12-03T09:59:59.999Z')).toBe(true);
    expect(at('2026-12-03T10:00:00.000Z')).toBe(true);
    expect(at('2026-12-03T10:00:00.001Z')).toBe(false);
  });

  it('reads the rule the center saves, refusing anything out of range', () => {
    expect(parseDeadlineRule('4 18:00')).toEqual({ weekday: 4, time: '18:00' });
    expect(parseDeadlineRule(' 7 23:59 ')).toEqual({ weekday: 7, time: '23:59' });
    expect(parseDeadlineRule('1 00:00')).toEqual({ weekday: 1, time: '00:00' });
    for (const wrong of ['0 18:00', '8 18:00', '4 24:00', '4 18:60', '4 8:00', '4', ''])
      expect(parseDeadlineRule(wrong)).toBeNull();
  });
});
