import { HOUR_SOURCE_LABELS, type THoursEntry } from '@zhongli/domain';

/** '1.5 小时' */
export function hoursText(hours: number): string {
  return `${hours.toFixed(1)} 小时`;
}

/** 90 → '1小时30分'; 45 → '45分' */
export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h}小时${m ? `${m}分` : ''}` : `${m}分`;
}

export function sourceText(entry: Pick<THoursEntry, 'source'>): string {
  return HOUR_SOURCE_LABELS[entry.source];
}

/**
 * Where a volunteer's entries are: by the resident record, or — for a volunteer login without one
 * (a barber who never registered as a resident) — by the login. 'residents/7', 'users/12'.
 */
export function personPath(person: { residentId: number | null; userId: number | null }): string {
  return person.residentId !== null ? `residents/${person.residentId}` : `users/${person.userId}`;
}

/** The first and last day of the county month containing `date` ('2026-12-09' → 2026-12-01, 2026-12-31). */
export function monthOf(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}
