import { z } from 'zod';
import { ZCallListOpened } from '../calls/calls.contract.js';
import { CONTRIBUTION_KINDS } from '../merchants/merchants.schemas.js';
import { PARTNER_KINDS } from '../partners/partners.schemas.js';
import { ACTIVITY_STATUSES, REGISTRATION_STATUSES } from './activities.schemas.js';

/** What the activities routes answer (the server encodes through these; the web reads these types). */
const zInt = z.number().int();

export const ZActivityStatus = z.enum(ACTIVITY_STATUSES);
export const ZRegistrationStatus = z.enum(REGISTRATION_STATUSES);

export const ZActivityCategory = z.object({ id: zInt, name: z.string() });
export type TActivityCategory = z.infer<typeof ZActivityCategory>;

/** A partner as an activity names it, with its kind in Chinese (爱心商家、共建单位 …). */
export const ZActivityPartner = z.object({
  id: zInt,
  name: z.string(),
  kind: z.enum(PARTNER_KINDS),
  kindLabel: z.string(),
  merchantId: zInt.nullable(),
});
export type TActivityPartner = z.infer<typeof ZActivityPartner>;

/** A merchant whose recorded contribution (赞助、摊位、服务) names the activity. */
export const ZActivitySponsor = z.object({
  merchantId: zInt,
  name: z.string(),
  partyAlliance: z.boolean(),
  kind: z.enum(CONTRIBUTION_KINDS),
  description: z.string(),
});
export type TActivitySponsor = z.infer<typeof ZActivitySponsor>;

/** What everyone may see of an activity (the menu, the detail page): no personal data, changes and cancellations marked. */
export const ZPublicActivity = z.object({
  id: zInt,
  communityId: zInt,
  communityName: z.string(),
  title: z.string(),
  category: z.string(),
  /** The venue's name, or the place typed in when it is not one of the community's venues. */
  venue: z.string().nullable(),
  venueId: zInt.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  week: z.string(),
  capacity: zInt.nullable(),
  registered: zInt,
  remaining: zInt.nullable(),
  waitlisted: zInt,
  status: ZActivityStatus,
  changed: z.boolean(),
  changedAt: z.string().nullable(),
  changeNote: z.string().nullable(),
  cancelReason: z.string().nullable(),
  description: z.string().nullable(),
  points: z.object({ name: z.string(), points: zInt }).nullable(),
  /** 志愿服务: those checked in serve as volunteers and earn hours */
  volunteerService: z.boolean(),
  partners: z.array(ZActivityPartner),
  answersNeeds: z.array(z.object({ id: zInt, text: z.string(), supports: zInt })),
  sponsors: z.array(ZActivitySponsor),
});
export type TPublicActivity = z.infer<typeof ZPublicActivity>;

/** The staff view adds the workflow fields. */
export const ZStaffActivity = ZPublicActivity.extend({
  /** after an edit that moved a published activity in time or place: the call list it opened (待电话通知) */
  callList: ZCallListOpened.nullable().optional(),
  returnReason: z.string().nullable(),
  pointsRuleId: zInt.nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TStaffActivity = z.infer<typeof ZStaffActivity>;

export const ZActivityCreated = z.object({ id: zInt, status: z.literal('draft') });
export type TActivityCreated = z.infer<typeof ZActivityCreated>;

/** The answer to a step of the weekly cycle (报送、通过、退回、补充发布、取消): where the activity now stands. */
export const ZActivityStateChange = z.object({
  id: zInt,
  status: ZActivityStatus,
  /** 退回: the reason the community reads. */
  reason: z.string().optional(),
  /** 补充发布: when it went onto the menu. */
  publishedAt: z.string().optional(),
  /** 取消: the call list for the registrants (null when nobody had registered). */
  callList: ZCallListOpened.nullable().optional(),
});
export type TActivityStateChange = z.infer<typeof ZActivityStateChange>;

export const ZRegistrationResult = z.object({
  id: zInt,
  status: z.enum(['registered', 'waitlisted']),
  /** Place on the waitlist, when waitlisted. */
  position: zInt.optional(),
});
export type TRegistrationResult = z.infer<typeof ZRegistrationResult>;

/** A row of the 报名名单: the full name only for residents the staff member serves. */
export const ZRegistrationRow = z.object({
  id: zInt,
  residentId: zInt,
  nameMasked: z.string(),
  name: z.string().optional(),
  status: ZRegistrationStatus,
  position: zInt.optional(),
  checkedInAt: z.string().nullable(),
  /** 签退 (volunteer activities) */
  checkedOutAt: z.string().nullable(),
  at: z.string(),
});
export type TRegistrationRow = z.infer<typeof ZRegistrationRow>;

/** One of the signed-in resident's sign-ups, with the activity as everyone sees it. */
export const ZMyActivity = z.object({
  registration: z.object({ id: zInt, status: ZRegistrationStatus, position: zInt.nullable() }),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  activity: ZPublicActivity,
});
export type TMyActivity = z.infer<typeof ZMyActivity>;

export const ZCheckinCode = z.object({ code: z.string(), expiresAt: z.string(), activityId: zInt, title: z.string() });
export type TCheckinCode = z.infer<typeof ZCheckinCode>;

export const ZCheckinResult = z.object({
  checkedInAt: z.string(),
  residentId: zInt,
  residentName: z.string(),
  pointsAwarded: zInt,
  balanceAfter: zInt.nullable(),
  /** Why no points were given (the rule's cap reached, the rule no longer in force). */
  pointsNote: z.string().nullable(),
});
export type TCheckinResult = z.infer<typeof ZCheckinResult>;

/** 复制到下周: the draft a week later; `created: false` when the activity had been copied before (that copy). */
export const ZActivityCopied = z.object({ id: zInt, created: z.boolean(), startsAt: z.string(), week: z.string() });
export type TActivityCopied = z.infer<typeof ZActivityCopied>;

/** 从上周菜单开始: drafts made, activities copied before, and those left out with the reason. */
export const ZWeekStarted = z.object({
  week: z.string(),
  created: z.array(z.object({ id: zInt, title: z.string(), startsAt: z.string() })),
  alreadyThere: z.array(z.object({ id: zInt, title: z.string() })),
  skipped: z.array(z.object({ sourceId: zInt, title: z.string(), reason: z.string() })),
});
export type TWeekStarted = z.infer<typeof ZWeekStarted>;

/** 签退: who was checked out now (全部签退 may be several; those already out are left as they were). */
export const ZCheckoutResult = z.object({
  checkedOut: z.array(
    z.object({
      residentId: zInt,
      residentName: z.string(),
      checkedOutAt: z.string(),
      /** the volunteer minutes the entry counts now (check-in → this check-out) */
      minutes: zInt,
    }),
  ),
});
export type TCheckoutResult = z.infer<typeof ZCheckoutResult>;
