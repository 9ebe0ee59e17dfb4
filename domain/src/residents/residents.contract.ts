import { z } from 'zod';

// What the residents routes answer (the server encodes through these; the web reads these types).

/** A row of the staff list: the full name (staff serve people by name), everything else masked. */
export const ZResidentListItem = z.object({
  id: z.number().int(),
  name: z.string(),
  communityId: z.number().int(),
  communityName: z.string(),
  memberCode: z.string(),
  phoneMasked: z.string().nullable(),
  /** the desk's contact number for calls (a daughter's mobile, a landline), masked */
  contactPhoneMasked: z.string().nullable(),
  age: z.number().int(),
  idNumberMasked: z.string().nullable(),
  hasAccount: z.boolean(),
});
export type TResidentListItem = z.infer<typeof ZResidentListItem>;

export const ZResidentList = z.object({
  residents: z.array(ZResidentListItem),
  page: z.number().int(),
  hasMore: z.boolean(),
});
export type TResidentList = z.infer<typeof ZResidentList>;

export const ZResidentDetail = z.object({
  id: z.number().int(),
  name: z.string(),
  communityId: z.number().int(),
  communityName: z.string(),
  memberCode: z.string(),
  birthDate: z.string(),
  age: z.number().int(),
  gender: z.enum(['male', 'female']).nullable(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  contactNote: z.string().nullable(),
  hasPassword: z.boolean(),
  createdAt: z.string(),
  /** set when the resident was archived (moved away or deceased) */
  archived: z
    .object({ reason: z.enum(['moved', 'deceased']), date: z.string(), note: z.string().nullable(), at: z.string() })
    .nullable(),
});
export type TResidentDetail = z.infer<typeof ZResidentDetail>;

export const ZResidentRegistered = z.object({
  id: z.number().int(),
  memberCode: z.string(),
  /** the phone already signed in to a volunteer/staff account: the record was linked to it (one login) */
  linkedToExistingAccount: z.boolean(),
});
export type TResidentRegistered = z.infer<typeof ZResidentRegistered>;

/** The printable member card: the member code also as a QR code (an SVG document). */
export const ZMemberCard = z.object({
  residentId: z.number().int(),
  name: z.string(),
  communityName: z.string(),
  centerName: z.string(),
  memberCode: z.string(),
  qrSvg: z.string(),
});
export type TMemberCard = z.infer<typeof ZMemberCard>;

/** Member cards in A4 batches (会员卡批量打印): one import's residents or those registered since a date. */
export const ZMemberCardSheet = z.object({
  centerName: z.string(),
  cards: z.array(ZMemberCard.omit({ centerName: true })),
  /** more residents matched than one sheet holds (the first ones are listed) */
  truncated: z.boolean(),
});
export type TMemberCardSheet = z.infer<typeof ZMemberCardSheet>;
