import { z } from 'zod';
import {
  hasSomethingToChange,
  NOTHING_TO_CHANGE,
  zId,
  zLongText,
  zMonth,
  zOptionalLongText,
  zOptionalText,
  zPattern,
  zText,
} from '../shared/schemas.js';

const zTime = zPattern('时间', /^([01]\d|2[0-3]):[0-5]\d$/, '时间应为 HH:MM');

export const ZServiceSessionTemplate = z
  .object({
    period: zText('场次名称', 10),
    start: zTime,
    end: zTime,
    capacity: z
      .number({ error: '名额应为数字' })
      .int({ error: '名额应为整数' })
      .min(1, { error: '名额至少为1' })
      .max(500, { error: '名额不能超过500' }),
  })
  .strict()
  .refine((s) => s.end > s.start, { error: '结束时间应晚于开始时间', path: ['end'] });

export const ZSchedule = z
  .object({
    daysOfMonth: z
      .array(z.number().int().min(1, { error: '日期应为1到31' }).max(31, { error: '日期应为1到31' }))
      .min(1)
      .max(31)
      .optional(),
    weekdays: z
      .array(z.number().int().min(1, { error: '星期应为1到7' }).max(7, { error: '星期应为1到7' }))
      .min(1)
      .max(7)
      .optional(),
    sessions: z.array(ZServiceSessionTemplate).min(1, { error: '至少一个场次' }).max(6, { error: '每天最多6个场次' }),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!!value.daysOfMonth === !!value.weekdays)
      ctx.addIssue({
        code: 'custom',
        path: ['daysOfMonth'],
        message: '请填写每月几号（daysOfMonth）或每周星期几（weekdays）其中一项',
      });
    const periods = value.sessions.map((s) => s.period);
    if (new Set(periods).size !== periods.length)
      ctx.addIssue({ code: 'custom', path: ['sessions'], message: '场次名称重复' });
  });

const zEligibility = z
  .object({
    minAge: z
      .number({ error: '年龄应为数字' })
      .int()
      .min(0, { error: '年龄不能为负' })
      .max(120, { error: '年龄不合理' })
      .nullable(),
    scope: z.enum(['community', 'county'], { error: '范围应为 community 或 county' }),
  })
  .strict();

export const ZServiceCreate = z
  .object({
    name: zText('服务名称', 30),
    communityId: zId,
    venue: z.union([zId, zText('地点', 40)]).optional(),
    priceFen: z
      .number({ error: '收费应为数字（分）' })
      .int({ error: '收费应为整数（分）' })
      .min(0, { error: '收费不能为负' })
      .max(100_000, { error: '收费过高' }),
    schedule: ZSchedule,
    holidayPolicy: z.enum(['skip', 'next_day']).default('skip'),
    eligibility: zEligibility,
    bookingOpensDaysAhead: z.number().int().min(0).max(60),
    bookingOpensAt: zTime.default('08:00'),
    volunteersPerSession: z.number().int().min(0).max(20),
    monthlyLimit: z.number().int().min(1).max(31).nullable().optional(),
    /** Where to wait, what to bring: shown on the service page, tickets and the waiting-hall screen. */
    residentNote: zOptionalLongText('给居民的提示', 200),
    /** The service beside it, e.g. 理发、问诊两不误：排队时可到健康小屋量血压. */
    companionNote: zOptionalLongText('相邻服务说明', 200),
  })
  .strict();
export type TServiceCreate = z.infer<typeof ZServiceCreate>;

/**
 * Every field may change. A schedule, places, holiday policy or booking-open change regenerates
 * only future sessions nobody booked (see domain planRegeneration); a scope change reaches sessions
 * not yet open. `applyToOpenSessions: true` also gives open sessions that still have places the
 * service's scope, in the same edit or on its own later (widen first, let open sessions follow).
 */
export const ZServiceUpdate = z
  .object({
    name: ZServiceCreate.shape.name.optional(),
    venue: zId.nullable().optional(),
    schedule: ZSchedule.optional(),
    holidayPolicy: z.enum(['skip', 'next_day']).optional(),
    eligibility: zEligibility.optional(),
    priceFen: ZServiceCreate.shape.priceFen.optional(),
    bookingOpensDaysAhead: z.number().int().min(0).max(60).optional(),
    bookingOpensAt: zTime.optional(),
    volunteersPerSession: z.number().int().min(0).max(20).optional(),
    monthlyLimit: z.number().int().min(1).max(31).nullable().optional(),
    residentNote: zOptionalLongText('给居民的提示', 200).nullable(),
    companionNote: zOptionalLongText('相邻服务说明', 200).nullable(),
    applyToOpenSessions: z.boolean().optional(),
  })
  .strict()
  .refine((value) => value.applyToOpenSessions === true || hasSomethingToChange(value, ['applyToOpenSessions']), {
    error: NOTHING_TO_CHANGE,
  });
export type TServiceUpdate = z.infer<typeof ZServiceUpdate>;

export const ZBookingCreate = z
  .object({ sessionId: zId, residentId: zId.optional(), walkIn: z.boolean().optional() })
  .strict();
export type TBookingCreate = z.infer<typeof ZBookingCreate>;

export const ZAttend = z
  .object({
    feePaidFen: z
      .number({ error: '收费应为数字（分）' })
      .int({ error: '收费应为整数（分）' })
      .min(0, { error: '收费不能为负' })
      .max(100_000, { error: '收费过高' }),
  })
  .strict();

export const ZServiceSessionCancel = z.object({ reason: zLongText('取消原因', 200) }).strict();
export const ZMonth = zMonth('2026-12');
export const ZSwapCreate = z.object({ assignmentId: zId, toUserId: zId }).strict();
export const ZDropCreate = z.object({ reason: zLongText('请假原因', 200) }).strict();
export const ZAvailability = z.object({ month: ZMonth, unavailableSessionIds: z.array(zId).max(200) }).strict();
export const ZVolunteerAdd = z.object({ userId: zId }).strict();
export const zOptionalNote = zOptionalText('备注', 200);

/** 场次完成: the points rule of the service's community that pays a shift (e.g. 志愿服务：便民服务值班). */
export const ZServiceSessionComplete = z.object({ ruleId: zId }).strict();
export type TServiceSessionComplete = z.infer<typeof ZServiceSessionComplete>;
