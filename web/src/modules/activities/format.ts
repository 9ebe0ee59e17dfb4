import type { TActivityStatus, TPublicActivity, TRegistrationStatus } from '@zhongli/domain';
import { ACTIVITY_STATUS_LABELS, countyClockOf, countyDateOf } from '@zhongli/domain';
import { formatDateZh } from '../../shared/dates';

const countyClock = (iso: string) => countyClockOf(new Date(iso));

export function partOfDay(hour: number): string {
  return hour < 6 ? '凌晨' : hour < 12 ? '上午' : hour < 13 ? '中午' : hour < 18 ? '下午' : '晚上';
}

function clock12(hour: number, minute: number): string {
  return `${hour > 12 ? hour - 12 : hour}:${String(minute).padStart(2, '0')}`;
}

/**
 * '上午 9:00–11:00' — residents read 上午/下午 more easily than a 24-hour clock; the end gets its
 * own part of the day only when it differs ('上午 11:00–下午 1:00').
 */
export function formatTimeRange(startsAt: string, endsAt: string): string {
  const start = countyClock(startsAt);
  const end = countyClock(endsAt);
  const startPart = partOfDay(start.hour);
  const endPart = partOfDay(end.hour);
  const endText = endPart === startPart ? clock12(end.hour, end.minute) : `${endPart} ${clock12(end.hour, end.minute)}`;
  return `${startPart} ${clock12(start.hour, start.minute)}–${endText}`;
}

/** '12月8日 周二 上午 9:00–11:00' (the year is added when it is not the current one). */
export function formatActivityWhen(startsAt: string, endsAt: string, now: Date = new Date()): string {
  const day = formatDateZh(countyDateOf(new Date(startsAt)), Number(countyDateOf(now).slice(0, 4)));
  return `${day} ${formatTimeRange(startsAt, endsAt)}`;
}

/** '2026-12-08T09:00:00+08:00' → '2026-12-08' and '09:00' on the county's clock (for form fields). */
export function countyDateAndTime(iso: string): { date: string; time: string } {
  return { date: countyDateOf(new Date(iso)), time: countyClock(iso).time };
}

export const STATUS_LABELS: Record<TActivityStatus, string> = ACTIVITY_STATUS_LABELS;

/** Element Plus tag type per status. */
export const STATUS_TAG: Record<TActivityStatus, 'info' | 'warning' | 'success' | 'danger' | 'primary'> = {
  draft: 'info',
  submitted: 'warning',
  approved: 'primary',
  returned: 'danger',
  published: 'success',
  cancelled: 'info',
};

/** '还剩 5 个名额' / '已满，可候补' / '不限名额'. */
export function placesText(activity: Pick<TPublicActivity, 'capacity' | 'remaining' | 'waitlisted'>): string {
  if (activity.capacity == null) return '不限名额';
  if ((activity.remaining ?? 0) > 0) return `还剩 ${activity.remaining} 个名额`;
  return activity.waitlisted > 0 ? `已满，可候补（${activity.waitlisted}人候补中）` : '已满，可候补';
}

export function isFull(activity: Pick<TPublicActivity, 'capacity' | 'remaining'>): boolean {
  return activity.capacity != null && (activity.remaining ?? 0) <= 0;
}

/** '已报名' / '候补第2位' / '已取消'. */
export function registrationText(status: TRegistrationStatus, position?: number | null): string {
  if (status === 'registered') return '已报名';
  if (status === 'waitlisted') return position ? `候补第${position}位` : '候补中';
  return '已取消报名';
}

/** '东城社区 · 爱心商家 佳洁口腔门诊、共建单位 县医院' */
export function partnersLine(partners: TPublicActivity['partners']): string {
  return partners.map((p) => `${p.kindLabel} ${p.name}`).join('、');
}
