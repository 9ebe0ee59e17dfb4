import { shiftWeek, weekMonday } from '@zhongli/domain';
import { formatDateZh } from '../../shared/dates';

/** '12月7日—12月13日' for an ISO week (Monday to Sunday). */
export function weekRangeZh(week: string): string {
  const monday = weekMonday(week);
  const sunday = new Date(Date.parse(`${monday}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
  const short = (date: string) => formatDateZh(date).split(' ')[0]!;
  return `${short(monday)}—${short(sunday)}`;
}

/** '本周' / '下周' / '上周' / '2026年第50周' relative to the current week. */
export function weekNameZh(week: string, thisWeek: string | undefined): string {
  if (thisWeek) {
    if (week === thisWeek) return '本周';
    if (week === shiftWeek(thisWeek, 1)) return '下周';
    if (week === shiftWeek(thisWeek, -1)) return '上周';
  }
  const [year, number] = week.split('-W');
  return `${year}年第${Number(number)}周`;
}
