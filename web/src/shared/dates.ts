import { COUNTY_TIME_ZONE, countyClockOf, countyDateOf, countyInstant, parseCalendarDate } from '@zhongli/domain';

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
  const { time } = countyClockOf(instant);
  return `${formatDateZh(date, Number(countyDateOf(now).slice(0, 4)))} ${time}`;
}

/** Today's date in the county ('YYYY-MM-DD'). */
export function countyToday(now: Date = new Date()): string {
  return countyDateOf(now);
}

/** Start / end of a county calendar day as instants, for `from`/`to` filters. */
export function countyDayStart(date: string): string {
  return countyInstant(date);
}
export function countyDayEnd(date: string): string {
  return countyInstant(date, '23:59:59');
}

export { COUNTY_TIME_ZONE };

/**
 * '2026-11-17T01:30:00Z' → '11月17日 周一 上午9:30' in the county's zone (the year is added when
 * it is not the current one). Residents read 上午/下午 more easily than a 24-hour clock.
 */
export function formatEntryTimeZh(iso: string, now: Date = new Date()): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const date = formatDateZh(countyDateOf(instant), Number(countyDateOf(now).slice(0, 4)));
  const { hour, minute: minutes } = countyClockOf(instant);
  const minute = String(minutes).padStart(2, '0');
  const part = hour < 6 ? '凌晨' : hour < 12 ? '上午' : hour < 13 ? '中午' : hour < 18 ? '下午' : '晚上';
  const hour12 = hour > 12 ? hour - 12 : hour;
  return `${date} ${part}${hour12}:${minute}`;
}

/** An instant as a full county date, for versions and posters: '2026年8月31日'. */
export function formatFullDateZh(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const [year, month, day] = countyDateOf(instant).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** 'YYYY-MM' of the month before / after. */
export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** '2026-11' → '2026年11月', '2026' → '2026年'. */
export function periodLabelZh(at: string): string {
  const [year, month] = at.split('-');
  return month ? `${year}年${Number(month)}月` : `${year}年`;
}
