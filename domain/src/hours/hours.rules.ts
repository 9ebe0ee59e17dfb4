// 志愿服务时长: how long one entry counts. Both the server's sums and the pages' figures use these.

/**
 * The most one entry may count: 12 hours. A volunteer activity or a shift is part of one day;
 * anything longer is a forgotten check-out or a mistyped time, and staff correct it by hand
 * (a correction may set any value up to the same cap).
 */
export const MAX_ENTRY_MINUTES = 12 * 60;

const MINUTE_MS = 60_000;

/** Minutes between two instants, rounded to the minute, never negative, at most the cap. */
export function minutesBetween(start: string, end: string): number {
  const minutes = Math.round((Date.parse(end) - Date.parse(start)) / MINUTE_MS);
  if (!Number.isFinite(minutes) || minutes <= 0) return 0;
  return Math.min(minutes, MAX_ENTRY_MINUTES);
}

/**
 * An activity entry: from check-in to check-out, or — when nobody checked the person out — to the
 * activity's scheduled end, and then it says so (`plannedEnd`: 按计划结束时间计).
 */
export function activityEntryMinutes(entry: {
  checkedInAt: string;
  checkedOutAt: string | null;
  scheduledEndAt: string;
}): { minutes: number; plannedEnd: boolean; endedAt: string } {
  const plannedEnd = entry.checkedOutAt == null;
  const endedAt = entry.checkedOutAt ?? entry.scheduledEndAt;
  return { minutes: minutesBetween(entry.checkedInAt, endedAt), plannedEnd, endedAt };
}

/** A served shift counts its session's scheduled length. */
export function shiftEntryMinutes(session: { startsAt: string; endsAt: string }): number {
  return minutesBetween(session.startsAt, session.endsAt);
}

/** Hours with one decimal, as people read them (95 minutes → 1.6). */
export function hoursOfMinutes(minutes: number): number {
  return Math.round(minutes / 6) / 10;
}

export const HOUR_SOURCES = ['activity', 'shift'] as const;
export type HourSource = (typeof HOUR_SOURCES)[number];

export const HOUR_SOURCE_LABELS: Record<HourSource, string> = { activity: '志愿活动', shift: '服务值班' };
