import { z } from 'zod';
import { zCalendarDate, zText } from '../shared/schemas.js';

/**
 * The county's holiday calendar, kept by the center: 法定节假日 (days off) and 调休上班 (a weekend
 * day worked in exchange). It is the one list session generation and the menu deadline read; these
 * rules stay pure — callers pass the list in.
 */
export const HOLIDAY_KINDS = ['off', 'workday'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];
export const HOLIDAY_KIND_LABELS: Record<HolidayKind, string> = { off: '法定节假日', workday: '调休上班' };

export interface HolidayEntry {
  date: string;
  kind: HolidayKind;
}

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const isoWeekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

/** The days off of a calendar. */
export function daysOff(calendar: readonly HolidayEntry[]): string[] {
  return calendar.filter((h) => h.kind === 'off').map((h) => h.date);
}

/** The days worked in exchange (调休上班) of a calendar. */
export function makeUpWorkdays(calendar: readonly HolidayEntry[]): string[] {
  return calendar.filter((h) => h.kind === 'workday').map((h) => h.date);
}

/** A working day: not a day off, and a weekday or a 调休上班 weekend day. */
export function isWorkingDay(date: string, calendar: readonly HolidayEntry[]): boolean {
  const entry = calendar.find((h) => h.date === date);
  if (entry) return entry.kind === 'workday';
  return isoWeekday(date) <= 5;
}

export function nextWorkingDay(date: string, calendar: readonly HolidayEntry[]): string {
  let day = addDays(date, 1);
  while (!isWorkingDay(day, calendar)) day = addDays(day, 1);
  return day;
}

/** The day itself when it is not a day off, else the working day before it (a deadline moves earlier, never later). */
export function notOnADayOff(date: string, calendar: readonly HolidayEntry[]): string {
  if (!daysOff(calendar).includes(date)) return date;
  let day = addDays(date, -1);
  while (!isWorkingDay(day, calendar)) day = addDays(day, -1);
  return day;
}

export const ZHolidayCreate = z
  .object({
    date: zCalendarDate,
    kind: z.enum(HOLIDAY_KINDS, { error: '类型应为 off（法定节假日）或 workday（调休上班）' }),
    name: zText('名称', 20),
  })
  .strict();
export type THolidayCreate = z.infer<typeof ZHolidayCreate>;

/** A year pasted at once: every line "2027-01-01 元旦" (a 调休上班 day says 上班 or 调休). */
export const ZHolidayBulk = z.object({ entries: z.array(ZHolidayCreate).min(1).max(80) }).strict();

export const ZHoliday = z.object({ date: z.string(), kind: z.enum(HOLIDAY_KINDS), name: z.string() });
export type THoliday = z.infer<typeof ZHoliday>;
