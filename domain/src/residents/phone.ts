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

/**
 * A contact number for a resident without a login (a daughter's mobile, the flat's 座机): a mainland
 * mobile, or a landline as digits — area code and number (0571 8888 8888 → 057188888888) or a local
 * number of 7–8 digits. Stored as digits only, so it dials as it is (`tel:`).
 */
export function normalizeContactPhone(raw: string): string | null {
  const mobile = normalizePhone(raw);
  if (mobile) return mobile;
  let digits = toHalfWidth(raw).replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0086')) digits = `0${digits.slice(4)}`;
  if (/^0[1-9]\d{1,2}[2-9]\d{6,7}$/.test(digits) && digits.length >= 10 && digits.length <= 12) return digits;
  if (/^[2-9]\d{6,7}$/.test(digits)) return digits;
  return null;
}

/** A contact number as lists show it: a mobile like every phone, a landline keeping its area code and last two digits. */
export function maskContactPhone(phone: string): string {
  if (phone.length === 11 && phone.startsWith('1')) return maskPhone(phone);
  const head = phone.startsWith('0') ? phone.slice(0, phone.startsWith('01') || phone.startsWith('02') ? 3 : 4) : '';
  return `${head}${'*'.repeat(phone.length - head.length - 2)}${phone.slice(-2)}`;
}
