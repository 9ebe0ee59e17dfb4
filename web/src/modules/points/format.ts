import { countyDateOf, toHalfWidth, type CapPeriod } from '@zhongli/domain';
import { formatDateZh } from '../../shared/dates';

/**
 * '2026-11-17T01:30:00Z' → '11月17日 周一 上午9:30' in the county's zone (the year is added when
 * it is not the current one). Residents read 上午/下午 more easily than a 24-hour clock.
 */
export function formatEntryTimeZh(iso: string, now: Date = new Date()): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const date = formatDateZh(countyDateOf(instant), Number(countyDateOf(now).slice(0, 4)));
  const shifted = new Date(instant.getTime() + 8 * 3600_000);
  const hour = shifted.getUTCHours();
  const minute = String(shifted.getUTCMinutes()).padStart(2, '0');
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

/** +5 / −3 with a real minus sign (a hyphen is easy to miss for older eyes). */
export function signedPoints(delta: number): string {
  if (delta > 0) return `+${delta}`;
  if (delta < 0) return `−${Math.abs(delta)}`;
  return '0';
}

const PERIOD_WORDS: Record<CapPeriod, { when: string; next: string }> = {
  day: { when: '今天', next: '明天' },
  week: { when: '本周', next: '下周' },
  month: { when: '本月', next: '下个月' },
};

function isCapPeriod(value: unknown): value is CapPeriod {
  return value === 'day' || value === 'week' || value === 'month';
}

/**
 * The desk message for 409 RULE_CAP_REACHED: '「环境整治」今天已达上限（最多2次），明天可以再发放'.
 * An unknown period (an older server) still gives a plain sentence.
 */
export function capReachedMessage(ruleName: string, period: unknown, cap: unknown): string {
  const limit = typeof cap === 'number' ? `（最多${cap}次）` : '';
  if (!isCapPeriod(period)) return `「${ruleName}」已达次数上限${limit}`;
  const words = PERIOD_WORDS[period];
  return `「${ruleName}」${words.when}已达上限${limit}，${words.next}可以再发放`;
}

/**
 * What a card scan or a typed search means: a 10-digit member code (spaces, dashes and full-width
 * digits removed, as scanners and input methods send them), or text to search by name.
 */
export function parseDeskInput(
  raw: string,
): { kind: 'code'; code: string } | { kind: 'search'; q: string } | { kind: 'empty' } {
  const text = toHalfWidth(raw).trim();
  if (!text) return { kind: 'empty' };
  const digits = text.replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(digits)) return { kind: 'code', code: digits };
  return { kind: 'search', q: text };
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
