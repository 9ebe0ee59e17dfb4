import { z } from 'zod';
import {
  hasSomethingToChange,
  NOTHING_TO_CHANGE,
  zId,
  zInstantIn,
  zLongText,
  zOptionalLongText,
  zOptionalText,
  zString,
  zText,
  zPattern,
} from '../shared/schemas.js';
import { isValidWeek, WEEK_PATTERN } from '../menus/weeks.js';

/** The categories of the article's example week; the center can add more. */
export const DEFAULT_ACTIVITY_CATEGORIES = [
  '健康讲座',
  '环保排查',
  '艾灸培训',
  '反诈直播',
  '草编培训',
  '书画交流',
  '古琴课堂',
  '爱心义诊',
  '爱心理发',
  '读书会',
  '邻里共舞',
  '社保服务',
  '普法宣传',
  '瑜伽课堂',
  '消防安全排查',
  '节日活动',
  '便民服务',
] as const;

/** An activity's life: planned (draft), 报送 (submitted), reviewed (approved / returned), on the menu (published), called off (cancelled). */
export const ACTIVITY_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'published', 'cancelled'] as const;
export type TActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_LABELS: Record<TActivityStatus, string> = {
  draft: '草稿',
  submitted: '已报送',
  approved: '已通过',
  returned: '已退回',
  published: '已发布',
  cancelled: '已取消',
};

/** A sign-up: a place (registered), in line for one (waitlisted), or withdrawn (cancelled). */
export const REGISTRATION_STATUSES = ['registered', 'waitlisted', 'cancelled'] as const;
export type TRegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

const zInstant = (label: string) => zInstantIn(`${label}应为带时区的时间，如 2026-12-01T09:00:00+08:00`);
const MAX_DURATION_MS = 12 * 60 * 60 * 1000;

const activityFields = {
  title: zText('活动名称', 40),
  category: zText('类别', 20),
  venueId: zId.optional(),
  /** The contract's `venue` (shared/docs/api.md): a venue id, or the name of a place that is not one. */
  venue: z.union([zId, zText('地点', 60)], { error: '场地应为场地编号或地点名称' }).optional(),
  /** A place that is not one of the community's venues (a square, a school). */
  place: zOptionalText('地点', 60),
  startsAt: zInstant('开始时间'),
  endsAt: zInstant('结束时间'),
  capacity: z
    .number({ error: '名额应为数字' })
    .int({ error: '名额应为整数' })
    .min(1, { error: '名额至少为1；不限名额请留空' })
    .max(10_000, { error: '名额不能超过10000' })
    .nullable()
    .optional(),
  pointsRuleId: zId.nullable().optional(),
  partnerIds: z.array(zId).max(10, { error: '合作方最多10个' }).optional(),
  needIds: z.array(zId).max(10, { error: '回应的需求最多10条' }).optional(),
  description: zOptionalLongText('活动介绍', 2000),
  /** 志愿服务: everyone checked in serves as a volunteer; check-out and hours apply */
  volunteerService: z.boolean({ error: '志愿服务应为是或否' }).optional(),
};

function checkTimes(value: { startsAt?: string; endsAt?: string }, ctx: z.RefinementCtx) {
  if (!value.startsAt || !value.endsAt) return;
  const start = Date.parse(value.startsAt);
  const end = Date.parse(value.endsAt);
  if (end <= start) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间应晚于开始时间' });
  else if (end - start > MAX_DURATION_MS)
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '一场活动不超过12小时' });
}

export const ZActivityCreate = z
  .object({ communityId: zId, ...activityFields })
  .strict()
  .superRefine((value, ctx) => {
    checkTimes(value, ctx);
    if (!value.venueId && !value.place && value.venue === undefined)
      ctx.addIssue({ code: 'custom', path: ['venueId'], message: '请选择场地或填写地点' });
  });
export type TActivityCreate = z.infer<typeof ZActivityCreate>;

export const ZActivityUpdate = z
  .object({
    title: activityFields.title.optional(),
    category: activityFields.category.optional(),
    venueId: zId.nullable().optional(),
    place: activityFields.place,
    startsAt: activityFields.startsAt.optional(),
    endsAt: activityFields.endsAt.optional(),
    capacity: activityFields.capacity,
    pointsRuleId: activityFields.pointsRuleId,
    partnerIds: activityFields.partnerIds,
    needIds: activityFields.needIds,
    description: activityFields.description,
    volunteerService: activityFields.volunteerService,
    /** Why a published activity changes; registrants are told. */
    changeNote: zOptionalText('变更说明', 200),
  })
  .strict()
  .superRefine(checkTimes)
  .refine((value) => hasSomethingToChange(value, ['changeNote']), { error: NOTHING_TO_CHANGE });
export type TActivityUpdate = z.infer<typeof ZActivityUpdate>;

export const ZActivityReturn = z.object({ reason: zLongText('退回原因', 200) }).strict();
export const ZActivityCancel = z.object({ reason: zLongText('取消原因', 200) }).strict();

export const ZRegistrationCreate = z.object({ residentId: zId.optional() }).strict();

export const ZCheckinCreate = z
  .object({
    code: zString('签到码', { trim: true })
      .regex(/^[0-9]{6}$/, { error: '签到码应为6位数字' })
      .optional(),
    residentId: zId.optional(),
    memberCode: zString('会员号', { trim: true }).max(20, { error: '会员号不能超过20位' }).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const given = [value.code, value.residentId, value.memberCode].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['code'], message: '请提供签到码、居民或会员号中的一项' });
  });
export type TCheckinCreate = z.infer<typeof ZCheckinCreate>;

export const ZResultPublish = z
  .object({
    summary: zLongText('活动成果', 2000),
    photoIds: z.array(zId).max(9, { error: '照片最多9张' }).optional(),
    thankedPartnerIds: z.array(zId).max(10).optional(),
  })
  .strict();
export type TResultPublish = z.infer<typeof ZResultPublish>;

export const ZFeedbackCreate = z
  .object({
    stars: z
      .number({ error: '评分应为数字' })
      .int({ error: '评分应为1到5的整数' })
      .min(1, { error: '评分应为1到5' })
      .max(5, { error: '评分应为1到5' }),
    comment: zOptionalLongText('评价', 300),
  })
  .strict();
export type TFeedbackCreate = z.infer<typeof ZFeedbackCreate>;

/** 从上周菜单开始: a community's week, started from last week's published activities as drafts. */
export const ZWeekStart = z
  .object({
    communityId: zId,
    week: zPattern('周次', WEEK_PATTERN, '周次应为 2026-W49 格式').refine(isValidWeek, { error: '这一年没有这一周' }),
  })
  .strict();
export type TWeekStart = z.infer<typeof ZWeekStart>;

/**
 * 签退 at a volunteer activity: the resident with the check-out code on their phone, or staff
 * marking one person (residentId) or everyone still checked in (all: 全部签退).
 */
export const ZCheckoutCreate = z
  .object({
    code: zString('签退码', { trim: true })
      .regex(/^[0-9]{6}$/, { error: '签退码应为6位数字' })
      .optional(),
    residentId: zId.optional(),
    all: z.literal(true, { error: 'all 只能为 true' }).optional(),
  })
  .strict()
  .refine((v) => [v.code, v.residentId, v.all].filter((x) => x !== undefined).length === 1, {
    error: '请提供签退码、居民或全部签退中的一项',
    path: ['code'],
  });
export type TCheckoutCreate = z.infer<typeof ZCheckoutCreate>;
