import { z } from 'zod';
import { NOTHING_TO_CHANGE, hasSomethingToChange, zOptionalText, zString, zText } from '../shared/schemas.js';
import { PUBLIC_URL_RULE, normalizePublicUrl } from './publicUrl.js';

export const ZCommunityCreate = z.object({ name: zText('社区名称', 40) }).strict();
export type TCommunityCreate = z.infer<typeof ZCommunityCreate>;

export const ZVenueCreate = z.object({ name: zText('场地名称', 40), address: zOptionalText('地址', 120) }).strict();
export type TVenueCreate = z.infer<typeof ZVenueCreate>;

/** An absolute http(s) address, normalised (see `normalizePublicUrl`). */
export const zPublicUrl = zString('公开网址', { trim: true })
  .max(200, { error: '公开网址不能超过200个字符' })
  .refine((value) => normalizePublicUrl(value) !== undefined, { error: PUBLIC_URL_RULE })
  .transform((value) => normalizePublicUrl(value)!);

/** 中心信息: the center's name and its public address (null clears it). */
export const ZCenterUpdate = z
  .object({ name: zText('中心名称', 40).optional(), publicUrl: zPublicUrl.nullable().optional() })
  .strict()
  .refine((value) => hasSomethingToChange(value), { error: NOTHING_TO_CHANGE });
export type TCenterUpdate = z.infer<typeof ZCenterUpdate>;

export const ZCommunityUpdate = z
  .object({ name: zText('社区名称', 40).optional() })
  .strict()
  .refine((value) => hasSomethingToChange(value), { error: NOTHING_TO_CHANGE });
export type TCommunityUpdate = z.infer<typeof ZCommunityUpdate>;

/** A venue's name and address (null clears the address). */
export const ZVenueUpdate = z
  .object({ name: zText('场地名称', 40).optional(), address: zOptionalText('地址', 120).nullable() })
  .strict()
  .refine((value) => hasSomethingToChange(value), { error: NOTHING_TO_CHANGE });
export type TVenueUpdate = z.infer<typeof ZVenueUpdate>;
