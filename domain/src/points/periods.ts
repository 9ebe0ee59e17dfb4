import { countyDateOf, parseCalendarDate } from '../shared/dates.js';

/**
 * Limit periods are calendar periods in the county's zone: a day is a county date, a week an ISO
 * week (Monday to Sunday), a month a calendar month. Each has a stable key, used to count awards
 * per resident and rule in that period.
 */
export type LimitPeriod = 'day' | 'week' | 'month';
export const LIMIT_PERIODS: LimitPeriod[] = ['day', 'week', 'month'];

export interface PeriodKeys {
  day: string; // '2026-11-28'
  week: string; // '2026-W48'
  month: string; // '2026-11'
}

export function isoWeekOf(date: string): { year: number; week: number } {
  const d = parseCalendarDate(date);
  if (!d) throw new RangeError(`invalid date ${date}`);
  const utc = new Date(Date.UTC(d.year, d.month - 1, d.day));
  const weekday = utc.getUTCDay() || 7; // Monday 1 … Sunday 7
  utc.setUTCDate(utc.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(utc.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((utc.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return { year: utc.getUTCFullYear(), week };
}

export function isoWeekKey(date: string): string {
  const { year, week } = isoWeekOf(date);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function periodKeysAt(instant: Date): PeriodKeys {
  const day = countyDateOf(instant);
  return { day, week: isoWeekKey(day), month: day.slice(0, 7) };
}
