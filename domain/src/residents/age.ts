import { parseCalendarDate } from '../shared/dates.js';

/**
 * Whole years of age on `onDate` (both 'YYYY-MM-DD', county dates). A person is N on their Nth
 * birthday; someone born on 29 February has their birthday on 1 March in common years (the
 * day after 28 February), the reading Chinese civil practice uses for "周岁".
 */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = parseCalendarDate(birthDate);
  const on = parseCalendarDate(onDate);
  if (!birth || !on) throw new RangeError(`invalid date: ${birthDate} / ${onDate}`);
  let age = on.year - birth.year;
  if (on.month < birth.month || (on.month === birth.month && on.day < birth.day)) age -= 1;
  return age;
}
