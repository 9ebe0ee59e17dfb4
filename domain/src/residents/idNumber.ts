import { formatCalendarDate, parseCalendarDate, compareCalendarDates } from '../shared/dates.js';
import { toHalfWidth } from '../shared/text.js';

/**
 * Resident ID numbers (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence
 * (odd = male), one check character. Zhongli checks the number, keeps the birth date and a
 * masked form, and never stores the number itself (PIPL: collect the minimum).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export type IdNumberProblem = 'FORMAT' | 'CHECKSUM' | 'BIRTH_DATE' | 'FUTURE_BIRTH_DATE';

export type IdNumberResult =
  | { ok: true; normalized: string; birthDate: string; gender: 'male' | 'female'; masked: string }
  | { ok: false; problem: IdNumberProblem };

export const ID_NUMBER_PROBLEM_MESSAGES: Record<IdNumberProblem, string> = {
  FORMAT: '身份证号应为18位，前17位是数字，最后一位是数字或X',
  CHECKSUM: '身份证号校验位不正确，请核对是否输错',
  BIRTH_DATE: '身份证号中的出生日期不存在',
  FUTURE_BIRTH_DATE: '身份证号中的出生日期晚于今天',
};

export function normalizeIdNumber(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '').toUpperCase();
}

export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** `today` is the county date ('YYYY-MM-DD') the number is checked on; birth dates after it are refused. */
export function checkIdNumber(raw: string, today: string): IdNumberResult {
  const normalized = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(normalized)) return { ok: false, problem: 'FORMAT' };
  const birth = parseCalendarDate(`${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`);
  if (!birth || birth.year < 1890) return { ok: false, problem: 'BIRTH_DATE' };
  const birthDate = formatCalendarDate(birth);
  if (compareCalendarDates(birthDate, today) > 0) return { ok: false, problem: 'FUTURE_BIRTH_DATE' };
  if (idNumberCheckCharacter(normalized) !== normalized[17]) return { ok: false, problem: 'CHECKSUM' };
  return {
    ok: true,
    normalized,
    birthDate,
    gender: Number(normalized[16]) % 2 === 1 ? 'male' : 'female',
    masked: maskIdNumber(normalized),
  };
}

/**
 * `1426**************`: only the province and city stay. The birth date (positions 7–14) is kept on
 * its own; the sequence and check characters (15–18) are never shown or stored, because with the
 * birth date, the gender and the area code the last four would pin down the whole number.
 */
export function maskIdNumber(normalized: string): string {
  return normalized.slice(0, 4) + '*'.repeat(normalized.length - 4);
}
