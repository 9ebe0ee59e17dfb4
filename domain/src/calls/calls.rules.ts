import { countyClockOf, countyDateOf } from '../shared/dates.js';

/**
 * 待电话通知: who must still be phoned about a cancelled or changed activity or service session.
 *
 * - `told` / `unreachable`: staff ticked the entry (已通知 / 联系不上); a tick is final, except that a
 *   later call which gets through may turn 联系不上 into 已通知.
 * - `seen`: the resident signs in to the app and opened it after the list was made, so the in-app
 *   notice reached them (已在应用中看到). Opening it at the very instant the list was made does not
 *   count: that request may have been read before the change was written.
 * - `pending`: someone has to call — no login at all, or the app not opened since.
 */
export const CALL_OUTCOMES = ['told', 'unreachable'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type CallEntryStatus = CallOutcome | 'seen' | 'pending';

export const CALL_ENTRY_STATUS_LABELS: Record<CallEntryStatus, string> = {
  pending: '待通知',
  seen: '已在应用中看到',
  told: '已通知',
  unreachable: '联系不上',
};

export function callEntryStatus(entry: {
  outcome: CallOutcome | null;
  hasLogin: boolean;
  lastSeenAt: string | null;
  listCreatedAt: string;
}): CallEntryStatus {
  if (entry.outcome) return entry.outcome;
  if (entry.hasLogin && entry.lastSeenAt && Date.parse(entry.lastSeenAt) > Date.parse(entry.listCreatedAt))
    return 'seen';
  return 'pending';
}

/** An entry nobody needs to call any more; a list is done when all its entries are. 联系不上 still needs a call. */
export function isCallSettled(status: CallEntryStatus): boolean {
  return status === 'told' || status === 'seen';
}

/** Which recorded outcome a new tick may replace: none, or 联系不上 by a later 已通知. */
export function outcomesReplaceableBy(outcome: CallOutcome): CallOutcome[] {
  return outcome === 'told' ? ['unreachable'] : [];
}

/** `12月5日 09:00–10:30` in the county's time, as a caller reads it out. */
export function describeCountyTimeRange(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const [, month, day] = countyDateOf(start).split('-').map(Number);
  const endDate = countyDateOf(end);
  const endText =
    endDate === countyDateOf(start)
      ? countyClockOf(end).time
      : `${Number(endDate.slice(5, 7))}月${Number(endDate.slice(8, 10))}日 ${countyClockOf(end).time}`;
  return `${month}月${day}日 ${countyClockOf(start).time}–${endText}`;
}
