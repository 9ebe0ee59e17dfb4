import { z } from 'zod';
import { zCalendarDate, zId, zLongText } from '../shared/schemas.js';
import { HOUR_SOURCES, MAX_ENTRY_MINUTES } from './hours.rules.js';

/** A period of county dates, both ends inclusive; at most about a year and a half, so a typo cannot ask for a century. */
export const MAX_PERIOD_DAYS = 550;

function periodOk(p: { from: string; to: string }): boolean {
  const days = (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000;
  return days >= 0 && days <= MAX_PERIOD_DAYS;
}
const PERIOD_MESSAGE = { error: '结束日期应不早于开始日期，且期间不超过550天', path: ['to'] };

export const ZHoursPeriodQuery = z
  .object({ from: zCalendarDate, to: zCalendarDate, communityId: zId.optional() })
  .strict()
  .refine(periodOk, PERIOD_MESSAGE);
export type THoursPeriodQuery = z.infer<typeof ZHoursPeriodQuery>;

export const ZHoursPersonQuery = z
  .object({ from: zCalendarDate, to: zCalendarDate })
  .strict()
  .refine(periodOk, PERIOD_MESSAGE);

export const ZHoursResidentParams = z.object({ residentId: zId });
export const ZHoursUserParams = z.object({ userId: zId });

/** 更正: the value the entry should have, why, and the version the staff member saw (a stale one is refused). */
export const ZHoursCorrection = z
  .object({
    source: z.enum(HOUR_SOURCES, { error: 'source 应为 activity 或 shift' }),
    sourceId: zId,
    minutes: z
      .number({ error: '分钟数应为整数' })
      .int({ error: '分钟数应为整数' })
      .min(0, { error: '分钟数不能为负' })
      .max(MAX_ENTRY_MINUTES, { error: `单条时长不超过${MAX_ENTRY_MINUTES / 60}小时` }),
    reason: zLongText('更正原因', 200),
    version: z.number({ error: 'version 应为整数' }).int().min(0),
  })
  .strict();
export type THoursCorrection = z.infer<typeof ZHoursCorrection>;
