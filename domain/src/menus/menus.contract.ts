import { z } from 'zod';
import { ZPublicActivity, ZStaffActivity } from '../activities/activities.contract.js';

/** What the menus routes answer (the server encodes through these; the web reads these types). */
const zInt = z.number().int();

/** The submission deadline: a weekday and a time of the week before (Asia/Shanghai). */
export const ZDeadlineRule = z
  .object({
    weekday: z.number().int().min(1).max(7),
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间应为 HH:MM' }),
  })
  .strict();

/**
 * The weekly cycle's settings (the center's form, and its answer). `checkinClosesMinutesAfter` came later:
 * a form that does not send it keeps the value saved; the answer always has it.
 */
export const ZMenuSettings = z
  .object({
    deadline: ZDeadlineRule,
    checkinOpensMinutesBefore: z.number().int().min(0).max(240),
    checkinClosesMinutesAfter: z.number().int().min(0).max(240).optional(),
  })
  .strict();
export type TMenuSettings = z.infer<typeof ZMenuSettings>;

export const ZMenuCurrent = z.object({
  thisWeek: z.string(),
  nextWeek: z.string(),
  nextWeekDeadline: z.string(),
  deadline: ZDeadlineRule,
});
export type TMenuCurrent = z.infer<typeof ZMenuCurrent>;

export const ZClash = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('venue'), venueId: zInt, activityIds: z.tuple([zInt, zInt]) }),
  z.object({ kind: z.literal('partner'), partnerId: zInt, activityIds: z.tuple([zInt, zInt]) }),
]);
export type TClash = z.infer<typeof ZClash>;

/** The center's review of a week: every community's submissions side by side, with clashes. */
export const ZWeekSubmissions = z.object({
  week: z.string(),
  deadline: z.string(),
  publishedAt: z.string().nullable(),
  activities: z.array(ZStaffActivity),
  clashes: z.array(ZClash),
});
export type TWeekSubmissions = z.infer<typeof ZWeekSubmissions>;

export const ZWeekPublished = z.object({ week: z.string(), publishedAt: z.string(), published: zInt });
export type TWeekPublished = z.infer<typeof ZWeekPublished>;

/** 一键通过: every submission without a clash approved; the others listed with why. */
export const ZWeekApproved = z.object({
  week: z.string(),
  approved: z.array(z.object({ id: zInt, title: z.string() })),
  skipped: z.array(z.object({ id: zInt, title: z.string(), reason: z.string() })),
});
export type TWeekApproved = z.infer<typeof ZWeekApproved>;

/** The public menu of a published week, by community. */
export const ZPublicMenu = z.object({
  week: z.string(),
  publishedAt: z.string(),
  from: z.string(),
  to: z.string(),
  communities: z.array(z.object({ id: zInt, name: z.string(), activities: z.array(ZPublicActivity) })),
});
export type TPublicMenu = z.infer<typeof ZPublicMenu>;

/** The WeChat article: `html` is inline-styled HTML with every user text escaped, ready to paste. */
export const ZArticle = z.object({
  title: z.string(),
  html: z.string().meta({ description: '公众号正文：只含内联样式的 HTML（用户文字均已转义）' }),
  truncated: z.boolean(),
});
export type TArticle = z.infer<typeof ZArticle>;

/** An iCalendar (RFC 5545) feed, answered as text/calendar. */
export const ZICalendar = z
  .string()
  .meta({ description: 'iCalendar（RFC 5545）文本，已发布的活动；取消的标 STATUS:CANCELLED' });
