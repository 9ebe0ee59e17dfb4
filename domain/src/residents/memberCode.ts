import { toHalfWidth } from '../shared/text.js';

/**
 * Member codes are 10 digits: 9 random digits and a Luhn check digit. Digits because staff type
 * them when a worn card will not scan; the check digit catches a mistyped or swapped digit
 * before any lookup.
 */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function makeMemberCode(random: () => number = Math.random): string {
  let body = String(1 + Math.floor(random() * 9)); // never a leading zero: spreadsheets drop it
  for (let i = 0; i < 8; i++) body += String(Math.floor(random() * 10));
  return body + luhnCheckDigit(body);
}

export function isValidMemberCode(code: string): boolean {
  return /^[1-9]\d{9}$/.test(code) && luhnCheckDigit(code.slice(0, 9)) === code[9];
}

/**
 * A member code as a card scanner, a phone's input method or a person types it — spaces, dashes,
 * full-width digits — reduced to its 10 digits; null when it is not 10 digits. The desk, the
 * check-in and the card lookup all read codes through this one rule.
 */
export function normalizeMemberCode(raw: string): string | null {
  const digits = toHalfWidth(raw).replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** What a card scan or a typed search at a desk means: a member code, or text to search by name. */
export function parseDeskInput(
  raw: string,
): { kind: 'code'; code: string } | { kind: 'search'; q: string } | { kind: 'empty' } {
  const text = toHalfWidth(raw).trim();
  if (!text) return { kind: 'empty' };
  const code = normalizeMemberCode(text);
  return code ? { kind: 'code', code } : { kind: 'search', q: text };
}
