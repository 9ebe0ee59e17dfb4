import { z } from 'zod';
import { toHalfWidth } from '../shared/text.js';
import {
  hasSomethingToChange,
  NOTHING_TO_CHANGE,
  zId,
  zOptionalLongText,
  zOptionalText,
  zQueryInt,
  zString,
  zText,
} from '../shared/schemas.js';
import { normalizePhone } from '../residents/phone.js';

/** Partners (合作方) of activities: a merchant of the county, a partner unit, an inheritor, an institution. */
export const PARTNER_KINDS = ['merchant', 'unit', 'inheritor', 'institution'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  merchant: '爱心商家',
  unit: '共建单位',
  inheritor: '非遗代表传承人',
  institution: '专业机构',
};

export const PARTNER_PHONE_MESSAGE = '联系电话应为11位手机号，或带区号的固定电话（如 0371-12345678）';

/**
 * A partner's contact number (unlike a resident's, kept as written with its dash and extension, since it is read more than dialled): a mainland mobile (normalised to 11 digits like every phone here), or
 * a landline with its area code — a unit's office answers on one — written `0371-12345678`,
 * optionally with an extension `-801`. Anything else is null.
 */
export function normalizePartnerPhone(raw: string): string | null {
  const mobile = normalizePhone(raw);
  if (mobile) return mobile;
  const compact = toHalfWidth(raw).replace(/[\s()（）]/g, '');
  const landline = /^(0\d{2,3})-?([2-9]\d{6,7})(?:-(\d{1,5}))?$/.exec(compact);
  if (!landline) return null;
  return `${landline[1]}-${landline[2]}${landline[3] ? `-${landline[3]}` : ''}`;
}

const zContactPhone = zString('联系电话', { message: PARTNER_PHONE_MESSAGE, trim: true })
  .max(32, { error: PARTNER_PHONE_MESSAGE })
  .transform((raw, ctx) => {
    if (raw === '') return null;
    const phone = normalizePartnerPhone(raw);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: PARTNER_PHONE_MESSAGE });
      return z.NEVER;
    }
    return phone;
  });

const contactFields = {
  contactPerson: zOptionalText('联系人', 30),
  phone: zContactPhone.optional(),
  notes: zOptionalLongText('备注', 500),
};

export const ZPartnerCreate = z
  .object({
    kind: z.enum(PARTNER_KINDS, { error: '合作方类型应为 merchant、unit、inheritor 或 institution' }),
    name: zText('合作方名称', 60),
    merchantId: zId.optional(),
    communityId: zId.optional(),
    ...contactFields,
  })
  .strict();
export type TPartnerCreate = z.input<typeof ZPartnerCreate>;

/**
 * What an edit may change: the name and how to reach them. The kind, the community and the merchant
 * stay as registered (activities and results already name the partner under them); an empty
 * contact, phone or notes clears it.
 */
export const ZPartnerUpdate = z
  .object({ name: zText('合作方名称', 60).optional(), ...contactFields })
  .strict()
  .refine((value) => hasSomethingToChange(value), { error: NOTHING_TO_CHANGE });
export type TPartnerUpdate = z.input<typeof ZPartnerUpdate>;

/** The list: the activity form's picker (a community, active only) or the console (filters, archived too). */
export const ZPartnerListQuery = z
  .object({
    communityId: zId.optional(),
    kind: z.enum(PARTNER_KINDS, { error: '合作方类型应为 merchant、unit、inheritor 或 institution' }).optional(),
    q: zOptionalText('搜索', 30),
    archived: z.enum(['0', '1', 'only'], { error: 'archived 应为 0、1 或 only' }).optional(),
  })
  .strict();
export type TPartnerListQuery = z.input<typeof ZPartnerListQuery>;

export const PARTNER_ACTIVITIES_PAGE_SIZE = 10;
export const ZPartnerDetailQuery = z.object({ page: zQueryInt('页码', 1, 10000).optional() }).strict();
