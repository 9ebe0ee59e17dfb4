import { countyDateOf } from '@zhongli/domain';

/** The dashboard's period choices; 自定义 keeps the dates typed in. */
export type PeriodPreset = 'week' | 'month' | 'lastMonth' | 'custom';
export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  week: '本周',
  month: '本月',
  lastMonth: '上月',
  custom: '自定义',
};

const DAY_MS = 86_400_000;
const shift = (date: string, days: number) => new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);

/** The county dates a preset covers on `now` (Monday to Sunday for 本周; calendar months). */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, now: Date): { from: string; to: string } {
  const today = countyDateOf(now);
  if (preset === 'week') {
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
    const monday = shift(today, -weekday);
    return { from: monday, to: shift(monday, 6) };
  }
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = preset === 'month' ? new Date(Date.UTC(year, month - 1, 1)) : new Date(Date.UTC(year, month - 2, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** '12月1日–12月31日' */
export function periodText(period: { from: string; to: string }): string {
  const day = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  if (period.from === period.to) return day(period.from);
  // across a new year both ends say their year: "2025年12月1日–2026年1月31日"
  const year = (d: string) => (period.from.slice(0, 4) === period.to.slice(0, 4) ? '' : `${d.slice(0, 4)}年`);
  return `${year(period.from)}${day(period.from)}–${year(period.to)}${day(period.to)}`;
}
