import { isoWeekKey } from '../points/periods.js';
import { countyDateOf, countyDaysWindow, countyInstant, parseCalendarDate } from '../shared/dates.js';
import { notOnADayOff, type HolidayEntry } from '../communities/holidays.js';

/**
 * The weekly cycle (每周一个菜单). Weeks are ISO weeks in the county's calendar ('2026-W49').
 * Next week's activities must be submitted before a deadline in the week before, e.g. Thursday
 * 18:00 Asia/Shanghai ("社区提前报").
 */
export const WEEK_PATTERN = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DeadlineRule {
  /** ISO weekday of the week before: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 'HH:MM' in Asia/Shanghai. */
  time: string;
}

export const DEFAULT_DEADLINE: DeadlineRule = { weekday: 4, time: '18:00' };

export function parseDeadlineRule(text: string): DeadlineRule | null {
  const match = /^([1-7])\s+([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  return { weekday: Number(match[1]), time: `${match[2]}:${match[3]}` };
}

/** The Monday (county date) a week starts on. */
export function weekMonday(week: string): string {
  const match = WEEK_PATTERN.exec(week);
  if (!match) throw new RangeError(`not an ISO week: ${week}`);
  const year = Number(match[1]);
  const weekNumber = Number(match[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS;
  const monday = new Date(mondayOfWeek1 + (weekNumber - 1) * 7 * DAY_MS);
  const key = monday.toISOString().slice(0, 10);
  if (isoWeekKey(key) !== week) throw new RangeError(`week ${week} does not exist`);
  return key;
}

/** '12月7日—12月13日' for an ISO week (Monday to Sunday): how people name a week, where code says 2026-W50. */
export function weekRangeZh(week: string): string {
  const monday = weekMonday(week);
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10);
  const short = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
  return `${short(monday)}—${short(sunday)}`;
}

export function isValidWeek(week: string): boolean {
  try {
    weekMonday(week);
    return true;
  } catch {
    return false;
  }
}

/** [start, end) of a week as UTC instants: Monday 00:00 to the next Monday 00:00 in the county. */
export function weekWindow(week: string): { from: string; to: string } {
  const monday = weekMonday(week);
  return countyDaysWindow(monday, new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10));
}

export function weekOfInstant(instant: Date): string {
  return isoWeekKey(countyDateOf(instant));
}

export function shiftWeek(week: string, by: number): string {
  const monday = Date.parse(`${weekMonday(week)}T00:00:00Z`);
  return isoWeekKey(new Date(monday + by * 7 * DAY_MS).toISOString().slice(0, 10));
}

/**
 * When submissions for `week` close: the rule's weekday and time in the week before; when that day
 * is a day off in the county's calendar, the same time on the working day before it.
 */
export function submissionDeadline(
  week: string,
  rule: DeadlineRule = DEFAULT_DEADLINE,
  calendar: readonly HolidayEntry[] = [],
): Date {
  const previousMonday = Date.parse(`${weekMonday(shiftWeek(week, -1))}T00:00:00Z`);
  const day = new Date(previousMonday + (rule.weekday - 1) * DAY_MS).toISOString().slice(0, 10);
  return new Date(countyInstant(notOnADayOff(day, calendar), rule.time));
}

/** Submissions for `week` are open up to and including the deadline's minute (18:00:00.000), closed after it. */
export function isSubmissionOpen(
  week: string,
  rule: DeadlineRule,
  now: Date,
  calendar: readonly HolidayEntry[] = [],
): boolean {
  return now.getTime() <= submissionDeadline(week, rule, calendar).getTime();
}

export function isCalendarDate(text: string): boolean {
  return parseCalendarDate(text) !== null;
}
