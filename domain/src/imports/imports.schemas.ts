import { z } from 'zod';
import { zLongText } from '../shared/schemas.js';

/** The form fields sent with an uploaded sheet (multipart): 更新已有居民 for residents. */
export const ZImportForm = z.object({
  updateExisting: z.enum(['0', '1'], { error: 'updateExisting 应为 0 或 1' }).default('0'),
});
export type TImportForm = z.infer<typeof ZImportForm>;

export const ZOpeningReject = z.object({ reason: zLongText('驳回原因', 200) }).strict();
export type TOpeningReject = z.infer<typeof ZOpeningReject>;
