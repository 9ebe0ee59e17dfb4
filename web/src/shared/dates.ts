import { COUNTY_TIME_ZONE, countyDateOf, parseCalendarDate } from '@zhongli/domain';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function weekdayOf(date: string): string {
  const parsed = parseCalendarDate(date);
  if (!parsed) return '';
  return WEEKDAYS[new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day)).getUTCDay()]!;
}

/** '2026-11-17' → '11月17日 周一'; with the year when it is not `currentYear`. */
export function formatDateZh(date: string, currentYear?: number): string {
  const parsed = parseCalendarDate(date);
  if (!parsed) return date;
  const year = currentYear !== undefined && parsed.year !== currentYear ? `${parsed.year}年` : '';
  return `${year}${parsed.month}月${parsed.day}日 ${weekdayOf(date)}`;
}

/** A birth date, where the weekday would be noise: '1949年12月31日'. */
export function formatBirthDateZh(date: string): string {
  const parsed = parseCalendarDate(date);
  return parsed ? `${parsed.year}年${parsed.month}月${parsed.day}日` : date;
}

/** An instant shown in the county's zone: '11月17日 周一 14:05' (year added when not this year). */
export function formatInstantZh(iso: string, now: Date = new Date()): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const date = countyDateOf(instant);
  const shifted = new Date(instant.getTime() + 8 * 3600_000);
  const time = `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`;
  return `${formatDateZh(date, Number(countyDateOf(now).slice(0, 4)))} ${time}`;
}

/** Today's date in the county ('YYYY-MM-DD'). */
export function countyToday(now: Date = new Date()): string {
  return countyDateOf(now);
}

/** Start / end of a county calendar day as ISO instants with offset, for `from`/`to` filters. */
export function countyDayStart(date: string): string {
  return `${date}T00:00:00+08:00`;
}
export function countyDayEnd(date: string): string {
  return `${date}T23:59:59+08:00`;
}

export { COUNTY_TIME_ZONE };
