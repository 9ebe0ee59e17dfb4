import { toHalfWidth } from '../shared/text.js';

/** Mainland mobile numbers: strip +86 / 0086, spaces and dashes, full-width digits → 11 digits starting 1[3-9]. */
export function normalizePhone(raw: string): string | null {
  let phone = toHalfWidth(raw).replace(/[\s\-()]/g, '');
  if (phone.startsWith('+86')) phone = phone.slice(3);
  else if (phone.startsWith('0086')) phone = phone.slice(4);
  return /^1[3-9]\d{9}$/.test(phone) ? phone : null;
}

/** `138****1234`, as phones appear in every list. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '*'.repeat(phone.length);
}
