import { z } from 'zod';
import { parseCalendarDate } from './dates.js';

/** Building blocks shared by the API's route schemas and the web forms. Messages are Chinese: they reach the user. */
export const zId = z.coerce
  .number({ error: '编号应为正整数' })
  .int({ error: '编号应为正整数' })
  .positive({ error: '编号应为正整数' });

export function zText(label: string, max: number) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过${max}个字` });
}

export function zOptionalText(label: string, max: number) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}不能超过${max}个字` })
    .optional();
}

export const zCalendarDate = z
  .string({ error: '日期格式应为 YYYY-MM-DD' })
  .refine((value) => parseCalendarDate(value) !== null, { error: '日期不存在或格式不正确（YYYY-MM-DD）' });

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
