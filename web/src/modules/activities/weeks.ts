import { shiftWeek } from '@zhongli/domain';

export { weekRangeZh } from '@zhongli/domain';

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
