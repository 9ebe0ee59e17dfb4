import { countyInstant, daysInMonth, formatCalendarDate, parseCalendarDate } from '../shared/dates.js';
import { ageOn } from '../residents/age.js';
import { daysOff, nextWorkingDay, type HolidayEntry } from '../communities/holidays.js';

/**
 * Service sessions (场次) from a schedule rule — the 1元理发屋's "5th and 15th, 上午 and 下午, 25
 * places each" and the 健康小屋's weekly clinic. Pure: dates are county dates, times are
 * Asia/Shanghai wall-clock times, converted to UTC instants only at the end.
 */
export interface ServiceSessionTemplate {
  period: string; // '上午' | '下午' | …
  start: string; // 'HH:MM'
  end: string; // 'HH:MM'
  capacity: number;
}

export type ScheduleRule =
  | { kind: 'monthly'; daysOfMonth: number[]; sessions: ServiceSessionTemplate[] }
  | { kind: 'weekly'; weekdays: number[]; sessions: ServiceSessionTemplate[] }; // ISO weekdays, 1 = Monday

export type HolidayPolicy = 'skip' | 'next_day';

export interface GeneratedServiceSession {
  date: string;
  period: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  /** The date the rule named, when a holiday moved the session to the next day. */
  movedFrom?: string;
}

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** The rule's dates in [from, to] (inclusive county dates). A 31st in a 30-day month simply has no session. */
export function ruleDates(rule: ScheduleRule, from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const d = parseCalendarDate(date)!;
    if (
      rule.kind === 'monthly'
        ? rule.daysOfMonth.includes(d.day) && d.day <= daysInMonth(d.year, d.month)
        : rule.weekdays.includes(isoWeekday(date))
    ) {
      dates.push(date);
    }
  }
  return dates;
}

/**
 * `calendar`: the county's holiday calendar. A rule date that is a day off is skipped, or with
 * `next_day` moved to the next working day (a weekday, or a weekend day worked in exchange: 调休上班).
 */
export function generateServiceSessions(
  rule: ScheduleRule,
  from: string,
  to: string,
  options: { calendar?: readonly HolidayEntry[]; holidayPolicy?: HolidayPolicy } = {},
): GeneratedServiceSession[] {
  const calendar = options.calendar ?? [];
  const off = new Set(daysOff(calendar));
  const out: GeneratedServiceSession[] = [];
  for (const ruleDate of ruleDates(rule, from, to)) {
    let date = ruleDate;
    if (off.has(date)) {
      if ((options.holidayPolicy ?? 'skip') === 'skip') continue;
      date = nextWorkingDay(date, calendar);
    }
    for (const s of rule.sessions) {
      out.push({
        date,
        period: s.period,
        startsAt: countyInstant(date, s.start),
        endsAt: countyInstant(date, s.end),
        capacity: s.capacity,
        ...(date !== ruleDate ? { movedFrom: ruleDate } : {}),
      });
    }
  }
  return out;
}

/** Booking opens `daysAhead` days before the session date at `time` (county), e.g. 7 days ahead at 08:00. */
export function bookingOpensAt(sessionDate: string, rule: { daysAhead: number; time: string }): string {
  return countyInstant(addDays(sessionDate, -rule.daysAhead), rule.time);
}

export interface Eligibility {
  minAge: number | null;
  scope: 'community' | 'county';
}

export type EligibilityResult = { ok: true } | { ok: false; reason: 'AGE' | 'SCOPE' };

/**
 * Who may book: old enough on the service date (a person is 60 on their 60th birthday) and,
 * while the scope is `community`, living in the service's community.
 */
export function checkEligibility(
  resident: { birthDate: string; communityId: number },
  service: { communityId: number; eligibility: Eligibility },
  sessionDate: string,
): EligibilityResult {
  if (service.eligibility.minAge != null && ageOn(resident.birthDate, sessionDate) < service.eligibility.minAge)
    return { ok: false, reason: 'AGE' };
  if (service.eligibility.scope === 'community' && resident.communityId !== service.communityId)
    return { ok: false, reason: 'SCOPE' };
  return { ok: true };
}

export function monthRange(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return {
    from: formatCalendarDate({ year, month: m, day: 1 }),
    to: formatCalendarDate({ year, month: m, day: daysInMonth(year, m) }),
  };
}
