import { z } from 'zod';
import {
  hasSomethingToChange,
  NOTHING_TO_CHANGE,
  zCalendarDate,
  zId,
  zOptionalText,
  zPassword,
  zQueryInt,
  zString,
  zText,
} from '../shared/schemas.js';
import { checkIdNumber, ID_NUMBER_PROBLEM_MESSAGES } from './idNumber.js';
import { normalizeContactPhone, normalizePhone } from './phone.js';
import { checkAccountPassword } from '../accounts/passwordPolicy.js';

export const PHONE_MESSAGE = '手机号应为11位，以1开头（可带+86）';

/** Normalises to 11 digits, or fails with a Chinese message. */
export const zPhone = zString('手机号', { message: PHONE_MESSAGE, trim: true })
  .max(32, { error: PHONE_MESSAGE })
  .transform((raw, ctx) => {
    const phone = normalizePhone(raw);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
      return z.NEVER;
    }
    return phone;
  });

// short enough for one line under the field on a phone; the placeholder gives the landline's form
export const CONTACT_PHONE_MESSAGE = '联系电话应为手机号或座机号';

/** A contact number for calls (待电话通知): a mobile or a landline, normalised to digits. */
export const zContactPhone = zString('联系电话', { message: CONTACT_PHONE_MESSAGE, trim: true })
  .max(32, { error: CONTACT_PHONE_MESSAGE })
  .transform((raw, ctx) => {
    const phone = normalizeContactPhone(raw);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: CONTACT_PHONE_MESSAGE });
      return z.NEVER;
    }
    return phone;
  });
/** Whose number it is (女儿, 座机), so the caller knows whom they reach. */
export const zContactNote = zText('联系电话备注', 20);

/**
 * Structure, real date and checksum. Whether the birth date lies in the future depends on
 * today's date, which the use case knows (its clock is injected), so it checks that part.
 */
export const zIdNumber = zString('身份证号', { message: ID_NUMBER_PROBLEM_MESSAGES.FORMAT, trim: true })
  .max(40, { error: ID_NUMBER_PROBLEM_MESSAGES.FORMAT })
  .superRefine((raw, ctx) => {
    const result = checkIdNumber(raw, '9999-12-31');
    if (!result.ok) ctx.addIssue({ code: 'custom', message: ID_NUMBER_PROBLEM_MESSAGES[result.problem] });
  });

export const ZResidentCreate = z
  .object({
    name: zText('姓名', 30),
    communityId: zId,
    phone: zPhone.optional(),
    idNumber: zIdNumber.optional(),
    birthDate: zCalendarDate.optional(),
    password: zPassword.optional(),
    contactPhone: zContactPhone.optional(),
    contactNote: zContactNote.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.contactNote && !value.contactPhone) {
      ctx.addIssue({ code: 'custom', path: ['contactNote'], message: '备注写给联系电话，请先填写联系电话' });
    }
    if (!value.idNumber && !value.birthDate) {
      ctx.addIssue({ code: 'custom', path: ['birthDate'], message: '请填写身份证号或出生日期' });
    }
    if (value.password && !value.phone) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: '设置登录密码需要先填写手机号' });
    }
    checkAccountPassword(ctx, 'password', value.password, { phone: value.phone, staff: false });
  });
export type TResidentCreate = z.infer<typeof ZResidentCreate>;

export const ZResidentListQuery = z.object({
  communityId: zId.optional(),
  /** `1`: the archived residents (moved away, deceased) instead of the active ones */
  archived: z.enum(['0', '1'], { error: 'archived 应为 0 或 1' }).optional(),
  q: zOptionalText('搜索内容', 30),
  page: zQueryInt('页码', 1, 10_000).default(1),
  pageSize: zQueryInt('每页条数', 1, 100).default(20),
});
export type TResidentListQuery = z.infer<typeof ZResidentListQuery>;

/** Which residents a card sheet holds: one import's, or those registered since a county date (optionally one community). */
export const ZMemberCardSheetQuery = z.object({
  importId: zId.optional(),
  since: zCalendarDate.optional(),
  communityId: zId.optional(),
});
export type TMemberCardSheetQuery = z.infer<typeof ZMemberCardSheetQuery>;

/** The server checks the password against the login's own phone and roles too (`checkNewPassword`). */
export const ZResidentSetPassword = z
  .object({ phone: zPhone.optional(), password: zPassword })
  .strict()
  .superRefine((value, ctx) =>
    checkAccountPassword(ctx, 'password', value.password, { phone: value.phone, staff: false }),
  );
export type TResidentSetPassword = z.infer<typeof ZResidentSetPassword>;

/**
 * A resident's name, phone, contact phone and community, as the desk corrects them; a move keeps points
 * and history. `contactPhone: null` removes the contact phone (and its note).
 */
export const ZResidentUpdate = z
  .object({
    name: zText('姓名', 30).optional(),
    phone: zPhone.optional(),
    communityId: zId.optional(),
    contactPhone: zContactPhone.nullable().optional(),
    contactNote: zContactNote.nullable().optional(),
  })
  .strict()
  .refine((value) => hasSomethingToChange(value), { error: NOTHING_TO_CHANGE });
export type TResidentUpdate = z.infer<typeof ZResidentUpdate>;

export const ARCHIVE_REASONS = ['moved', 'deceased'] as const;
export type ArchiveReason = (typeof ARCHIVE_REASONS)[number];
export const ARCHIVE_REASON_LABELS: Record<ArchiveReason, string> = { moved: '迁出', deceased: '已故' };

/** Archiving: why, since which county date, and a note (where they moved, who told the desk). */
export const ZResidentArchive = z
  .object({
    reason: z.enum(ARCHIVE_REASONS, { error: '请选择归档原因（迁出或已故）' }),
    date: zCalendarDate,
    note: zOptionalText('备注', 200),
  })
  .strict();
export type TResidentArchive = z.infer<typeof ZResidentArchive>;
