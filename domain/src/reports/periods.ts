import { countyDateOf, countyDaysWindow, countyPeriodWindow, daysInMonth } from '../shared/dates.js';
import { isValidWeek, shiftWeek, weekMonday, weekOfInstant, weekRangeZh } from '../menus/weeks.js';

/**
 * The periods a report covers: a county month ('2026-11') or an ISO week ('2026-W48'). A period is
 * closed once its last county day has ended — a month at 00:00 Asia/Shanghai on the 1st of the next,
 * a week at 00:00 on the next Monday — and only a closed period is frozen into a snapshot.
 */
export const REPORT_KINDS = ['month', 'week'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReportPeriod {
  kind: ReportKind;
  period: string;
  /** first county day */
  from: string;
  /** last county day (inclusive) */
  to: string;
  /** the instant the period closes: 00:00 in the county on the day after `to` */
  closesAt: string;
}

/** The period named by `kind` and `period`, or null when the name is not a real month or week. */
export function reportPeriod(kind: ReportKind, period: string): ReportPeriod | null {
  if (kind === 'month') {
    const match = MONTH_PATTERN.exec(period);
    if (!match) return null;
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (year < 2000 || year > 2999) return null;
    return {
      kind,
      period,
      from: `${period}-01`,
      to: `${period}-${String(daysInMonth(year, month)).padStart(2, '0')}`,
      closesAt: countyPeriodWindow(period).to,
    };
  }
  if (!isValidWeek(period)) return null;
  const from = weekMonday(period);
  const to = new Date(Date.parse(`${from}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10);
  return { kind, period, from, to, closesAt: countyDaysWindow(from, to).to };
}

export function isPeriodClosed(p: Pick<ReportPeriod, 'closesAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(p.closesAt);
}

/** The period (month or week) the county is in at `now`. */
export function currentPeriod(kind: ReportKind, now: Date): string {
  return kind === 'month' ? countyDateOf(now).slice(0, 7) : weekOfInstant(now);
}

export function shiftPeriod(kind: ReportKind, period: string, by: number): string {
  if (kind === 'week') return shiftWeek(period, by);
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The newest closed period: last month, or last week. */
export function lastClosedPeriod(kind: ReportKind, now: Date): string {
  return shiftPeriod(kind, currentPeriod(kind, now), -1);
}

/** '2026年11月', or '2026年第48周（11月23日—11月29日）'. */
export function periodLabel(kind: ReportKind, period: string): string {
  if (kind === 'month') return `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
  return `${period.slice(0, 4)}年第${Number(period.slice(6))}周（${weekRangeZh(period)}）`;
}

/** The picker's choices, newest first: the current (open) period, then `count - 1` closed ones. */
export function recentPeriods(
  kind: ReportKind,
  now: Date,
  count: number,
): { period: string; label: string; closed: boolean }[] {
  const current = currentPeriod(kind, now);
  return Array.from({ length: count }, (_, i) => {
    const period = shiftPeriod(kind, current, -i);
    return { period, label: periodLabel(kind, period), closed: i > 0 };
  });
}
