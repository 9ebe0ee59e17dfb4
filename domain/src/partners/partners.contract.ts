import { z } from 'zod';
import { ACTIVITY_STATUSES } from '../activities/activities.schemas.js';
import { PARTNER_KINDS } from './partners.schemas.js';

const zInt = z.number().int();

/** A partner in a list (the picker, the console's 共建单位): the phone masked, as in every list. */
export const ZPartner = z.object({
  id: zInt,
  kind: z.enum(PARTNER_KINDS),
  name: z.string(),
  merchantId: zInt.nullable(),
  communityId: zInt.nullable(),
  contactPerson: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  archived: z.boolean(),
  /** whether the one asking may edit, archive and restore it */
  canEdit: z.boolean(),
});
export type TPartner = z.infer<typeof ZPartner>;

export const ZPartnerCreated = z.object({ id: zInt });
export type TPartnerCreated = z.infer<typeof ZPartnerCreated>;

/** One activity a partner took part in: named on the activity, thanked on its result, or both. */
export const ZPartnerActivity = z.object({
  id: zInt,
  week: z.string(),
  title: z.string(),
  startsAt: z.string(),
  communityId: zInt,
  communityName: z.string(),
  status: z.enum(ACTIVITY_STATUSES),
  named: z.boolean(),
  thanked: z.boolean(),
  /** the published result's first line and attendance, when there is one */
  result: z.object({ headline: z.string(), attendance: zInt }).nullable(),
});
export type TPartnerActivity = z.infer<typeof ZPartnerActivity>;

export const ZPartnerDetail = z.object({
  id: zInt,
  kind: z.enum(PARTNER_KINDS),
  name: z.string(),
  merchant: z.object({ id: zInt, name: z.string() }).nullable(),
  community: z.object({ id: zInt, name: z.string() }).nullable(),
  contactPerson: z.string().nullable(),
  phone: z.string().nullable(),
  notes: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  canEdit: z.boolean(),
  activities: z.object({
    items: z.array(ZPartnerActivity),
    page: zInt,
    pageSize: zInt,
    total: zInt,
  }),
});
export type TPartnerDetail = z.infer<typeof ZPartnerDetail>;
