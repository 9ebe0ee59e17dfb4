import { z } from 'zod';
import { PARTNER_KINDS } from '../partners/partners.schemas.js';

/** What the publicity routes answer (the server encodes through these; the web reads these types). */
const zInt = z.number().int();

export const ZResultPhoto = z.object({ url: z.string(), thumbUrl: z.string() });
export type TResultPhoto = z.infer<typeof ZResultPhoto>;

/** A stored photo: re-encoded, EXIF stripped, with its thumbnail. */
export const ZUploadedPhoto = ZResultPhoto.extend({ id: zInt, width: zInt, height: zInt });
export type TUploadedPhoto = z.infer<typeof ZUploadedPhoto>;

/** The public result: figures, photos, thanked partners, ratings; residents appear only as masked names. */
export const ZActivityResult = z.object({
  activityId: zInt,
  title: z.string(),
  communityId: zInt,
  communityName: z.string(),
  category: z.string(),
  startsAt: z.string(),
  publishedAt: z.string(),
  summary: z.string(),
  /** Counted from the check-ins when the result was published, never typed in. */
  attendance: zInt,
  registered: zInt,
  photos: z.array(ZResultPhoto),
  thankedPartners: z.array(z.object({ id: zInt, name: z.string(), kind: z.enum(PARTNER_KINDS) })),
  /** null: nobody rated it yet (not "rated badly"). */
  rating: z.object({ average: z.number(), count: zInt }).nullable(),
  feedback: z.array(z.object({ stars: zInt, comment: z.string().nullable(), nameMasked: z.string() })),
});
export type TActivityResult = z.infer<typeof ZActivityResult>;

export const ZResultsPage = z.object({ results: z.array(ZActivityResult), page: zInt, hasMore: z.boolean() });
export type TResultsPage = z.infer<typeof ZResultsPage>;

export const ZFeedbackGiven = z.object({ activityId: zInt, stars: zInt, comment: z.string().nullable() });
export type TFeedbackGiven = z.infer<typeof ZFeedbackGiven>;

/** A photo file (JPEG), answered as image/jpeg. */
export const ZPhotoFile = z.string().meta({ description: 'JPEG 图片（重新编码、去除 EXIF）', format: 'binary' });
