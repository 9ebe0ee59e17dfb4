/**
 * Calendar dates as 'YYYY-MM-DD' strings. The county lives in Asia/Shanghai (UTC+8, no daylight
 * saving since 1991), so "today" and "the service date" are always computed in that zone, never
 * in the server's zone.
 */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Parses 'YYYY-MM-DD' into a real calendar date, or null (30 February, month 13 …). */
export function parseCalendarDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function formatCalendarDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The instant at a wall-clock time in the county: countyInstant('2026-12-05', '08:30') is
 * '2026-12-05T00:30:00.000Z'. The time may be 'HH:MM' or 'HH:MM:SS'; without one, midnight —
 * the start of that county day.
 */
export function countyInstant(date: string, time = '00:00'): string {
  const seconds = time.length === 5 ? `${time}:00` : time;
  return new Date(Date.parse(`${date}T${seconds}Z`) - SHANGHAI_OFFSET_MS).toISOString();
}

/** [midnight of `from`, midnight after `to`) in the county, as instants: the window a run of days covers. */
export function countyDaysWindow(from: string, to: string = from): { from: string; to: string } {
  return { from: countyInstant(from), to: new Date(Date.parse(countyInstant(to)) + DAY_MS).toISOString() };
}

/** The county's wall clock at an instant: { hour: 8, minute: 30, time: '08:30' }. */
export function countyClockOf(instant: Date): { hour: number; minute: number; time: string } {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  return { hour, minute, time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

/** The calendar date in Asia/Shanghai at an instant. */
export function countyDateOf(instant: Date): string {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  return shifted.toISOString().slice(0, 10);
}

/** An instant as the county's wall clock, `2026-11-28 10:00`: what a CSV or a printed sheet shows, never UTC. */
export function countyDateTimeText(instant: Date | string): string {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  return `${countyDateOf(at)} ${countyClockOf(at).time}`;
}

export function compareCalendarDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** [start, end) of a county month ('2026-11') or year ('2026') as UTC instants: midnight in Asia/Shanghai. */
export function countyPeriodWindow(label: string): { from: string; to: string } {
  const [year, month] = label.split('-').map(Number) as [number, number | undefined];
  const start = Date.UTC(year, (month ?? 1) - 1, 1);
  const end = month ? Date.UTC(year, month, 1) : Date.UTC(year + 1, 0, 1);
  return {
    from: new Date(start - SHANGHAI_OFFSET_MS).toISOString(),
    to: new Date(end - SHANGHAI_OFFSET_MS).toISOString(),
  };
}
