import type { HolidayKind } from '@zhongli/domain';
import type { Actor } from '../platform/actor.js';
import type { AppDeps } from '../platform/deps.js';
import { saveHolidays } from '../modules/communities/index.js';

/**
 * The demo county's holiday calendar (2026 as published by the State Council; 2027's 元旦 and 春节
 * as the demo assumes them). A real install starts empty: the center enters its year in 节假日安排.
 */
const DEMO_HOLIDAYS: [string, string, HolidayKind][] = [
  ['2026-01-01', '元旦', 'off'],
  ['2026-01-02', '元旦', 'off'],
  ['2026-01-03', '元旦', 'off'],
  ['2026-01-04', '元旦调休', 'workday'],
  ['2026-02-14', '春节调休', 'workday'],
  ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d): [string, string, HolidayKind] => [
    `2026-02-${d}`,
    '春节',
    'off',
  ]),
  ['2026-02-28', '春节调休', 'workday'],
  ['2026-04-04', '清明节', 'off'],
  ['2026-04-05', '清明节', 'off'],
  ['2026-04-06', '清明节', 'off'],
  ...['01', '02', '03', '04', '05'].map((d): [string, string, HolidayKind] => [`2026-05-${d}`, '劳动节', 'off']),
  ['2026-05-09', '劳动节调休', 'workday'],
  ['2026-06-19', '端午节', 'off'],
  ['2026-06-20', '端午节', 'off'],
  ['2026-06-21', '端午节', 'off'],
  ['2026-09-20', '国庆节调休', 'workday'],
  ['2026-09-25', '中秋节', 'off'],
  ['2026-09-26', '中秋节', 'off'],
  ['2026-09-27', '中秋节', 'off'],
  ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, string, HolidayKind] => [
    `2026-10-${d}`,
    '国庆节',
    'off',
  ]),
  ['2026-10-10', '国庆节调休', 'workday'],
  ['2027-01-01', '元旦', 'off'],
  ['2027-01-02', '元旦', 'off'],
  ['2027-01-03', '元旦', 'off'],
  ...['06', '07', '08', '09', '10', '11', '12'].map((d): [string, string, HolidayKind] => [
    `2027-02-${d}`,
    '春节',
    'off',
  ]),
];

export async function seedDemoHolidays(deps: AppDeps, centerAdmin: Actor): Promise<void> {
  await saveHolidays({
    deps,
    actor: centerAdmin,
    entries: DEMO_HOLIDAYS.map(([date, name, kind]) => ({ date, name, kind })),
  });
}
