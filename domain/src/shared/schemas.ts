import { z } from 'zod';
import { parseCalendarDate } from './dates.js';
import { PUBLIC_PAGE_DEFAULT, PUBLIC_PAGE_MAX } from './paging.js';

// Zod's own messages (a wrong type, an unknown key) in Chinese: the API answers people in Chinese.
// A missing field says so plainly instead of "expected object, received undefined".
z.config(z.locales.zhCN());
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? '请填写此项' : undefined),
});

/** Building blocks shared by the API's route schemas and the web forms. Messages are Chinese: they reach the user. */

const ID_MESSAGE = '编号应为正整数';
/** Decimal digits only: `0x0a`, ` 10`, `1e1`, `10.0` and full-width digits are not ids, whatever Number() makes of them. */
const ID_PATTERN = /^[1-9][0-9]{0,15}$/;

/**
 * A row id: a positive safe integer in a JSON body, or its decimal digits in a path or query
 * string (and in bodies from forms that keep ids as strings).
 */
export const zId = z
  .union(
    [
      z
        .number({ error: ID_MESSAGE })
        .int({ error: ID_MESSAGE })
        .positive({ error: ID_MESSAGE })
        .max(Number.MAX_SAFE_INTEGER, { error: ID_MESSAGE }),
      z.string({ error: ID_MESSAGE }).regex(ID_PATTERN, { error: ID_MESSAGE }),
    ],
    { error: ID_MESSAGE },
  )
  .transform(Number)
  .refine(Number.isSafeInteger, { error: ID_MESSAGE });

/** A whole number in a query string, written in decimal digits, within [min, max]. */
export function zQueryInt(label: string, min: number, max: number) {
  const message = `${label}应为${min}到${max}的整数`;
  return z
    .string({ error: message })
    .regex(/^[0-9]{1,9}$/, { error: message })
    .transform(Number)
    .refine((value) => value >= min && value <= max, { error: message });
}

/**
 * C0 and C1 control characters and DEL are never typed by a person, and NUL is refused by
 * PostgreSQL's text type (a 500 there, stored on SQLite); a lone surrogate is half of a character;
 * the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) turn a merchant's name
 * around on a public page. Multi-line fields (textareas) keep tab, line feed, carriage return and
 * the Unicode line and paragraph separators.
 */
// Matching control characters is the point of these two patterns.
/* eslint-disable no-control-regex */
const SINGLE_LINE_FORBIDDEN =
  /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MULTI_LINE_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Characters that take no room: a name of only these looks blank in every list and in the audit log. */
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]/g;
const isVisible = (value: string) => value.replace(INVISIBLE, '').length > 0;
/* eslint-enable no-control-regex */

export function hasControlCharacters(value: string, options: { multiline?: boolean } = {}): boolean {
  return (options.multiline ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value);
}

/**
 * Every string the API accepts starts here: a string, free of control characters. `message` is
 * what a wrong type says (defaults to "<label>应为文字"). `trim` removes surrounding whitespace
 * first, so a pasted name's trailing line break or tab is dropped rather than refused.
 */
export function zString(label: string, options: { multiline?: boolean; message?: string; trim?: boolean } = {}) {
  const text = z.string({ error: options.message ?? `${label}应为文字` });
  return (options.trim ? text.trim() : text).refine((value) => !hasControlCharacters(value, options), {
    error: `${label}不能包含控制字符`,
  });
}

/** A string that must match `pattern` whole (codes, months, times); `message` says the format. */
export function zPattern(label: string, pattern: RegExp, message: string) {
  return zString(label, { message }).regex(pattern, { error: message });
}

/** One line of text, trimmed, required: something visible, not only zero-width characters. */
export function zText(label: string, max: number) {
  return zString(label, { trim: true })
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过${max}个字` })
    .refine(isVisible, { error: `请填写${label}` });
}

export function zOptionalText(label: string, max: number) {
  return zString(label, { trim: true })
    .max(max, { error: `${label}不能超过${max}个字` })
    .optional();
}

/** Text typed in a textarea (a description, a reason): line breaks and tabs allowed. */
export function zLongText(label: string, max: number) {
  return zString(label, { multiline: true, trim: true })
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过${max}个字` })
    .refine(isVisible, { error: `请填写${label}` });
}

export function zOptionalLongText(label: string, max: number) {
  return zString(label, { multiline: true, trim: true })
    .max(max, { error: `${label}不能超过${max}个字` })
    .optional();
}

export const zCalendarDate = zString('日期', { message: '日期格式应为 YYYY-MM-DD' }).refine(
  (value) => parseCalendarDate(value) !== null,
  { error: '日期不存在或格式不正确（YYYY-MM-DD）' },
);

/** A month, `2026-12`. */
export function zMonth(example: string) {
  return zPattern('月份', /^\d{4}-(0[1-9]|1[0-2])$/, `月份应为 ${example} 格式`);
}

// The password rule lives with accounts (the common list, the phone, staff strength); forms import it from here.
export { zPassword } from '../accounts/passwordPolicy.js';

/**
 * An instant with its offset, within the years 2000–2100: anything outside is a typo, and would
 * not survive PostgreSQL's timestamptz or string comparison on SQLite the same way.
 */
export function zInstantIn(message: string) {
  return z.iso.datetime({ offset: true, error: message }).refine(
    (value) => {
      const year = new Date(value).getUTCFullYear();
      return year >= 2000 && year <= 2100;
    },
    { error: '时间应在2000年到2100年之间' },
  );
}

export const NOTHING_TO_CHANGE = '没有要修改的内容';

/**
 * A PATCH body must change something: `{}` is a client mistake, not an UPDATE with nothing to
 * set. Fields in `besides` (a note about the change) do not count as a change on their own.
 */
export function hasSomethingToChange(value: Record<string, unknown>, besides: readonly string[] = []): boolean {
  return Object.entries(value).some(([key, field]) => field !== undefined && !besides.includes(key));
}

/** `?limit&cursor` of a paged public list (the rules of paging are in `paging.ts`, which needs no zod). */
export const ZPublicPageQuery = z.object({
  limit: zQueryInt('条数', 1, PUBLIC_PAGE_MAX).default(PUBLIC_PAGE_DEFAULT),
  cursor: zPattern('翻页位置', /^\d{1,15}(\.\d{1,15}){0,3}$/, '翻页位置无效').optional(),
});
