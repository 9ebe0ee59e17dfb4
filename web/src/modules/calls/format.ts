import { CALL_ENTRY_STATUS_LABELS, type CallEntryStatus, type TCallEntry } from '@zhongli/domain';

export const STATUS_TAG: Record<CallEntryStatus, 'danger' | 'warning' | 'success' | 'info'> = {
  pending: 'danger',
  unreachable: 'warning',
  told: 'success',
  seen: 'info',
};

export const statusLabel = (status: CallEntryStatus) => CALL_ENTRY_STATUS_LABELS[status];

/** What the person had before the change: the list is about a cancelled or moved activity or session. */
export const ROLE_LABELS: Record<TCallEntry['role'], string> = {
  registered: '原已报名',
  waitlisted: '原在候补',
  booked: '原已预约',
};

/** `0571 8888 8888`, `138 1234 5678`: digits in groups, easier to read out and dial by hand. */
export function phoneText(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  const area = /^0(10|2\d)/.test(phone) ? 3 : phone.startsWith('0') ? 4 : 0;
  return area ? `${phone.slice(0, area)} ${phone.slice(area)}` : phone;
}
