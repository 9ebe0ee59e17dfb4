import { z } from 'zod';
import { zId, zLongText } from '../shared/schemas.js';

export const NEED_CATEGORIES = ['健康', '文体', '教育', '法律', '养老', '环境', '便民', '其他'] as const;

export const ZNeedCreate = z
  .object({
    communityId: zId,
    category: z.enum(NEED_CATEGORIES, { error: `类别应为：${NEED_CATEGORIES.join('、')}` }),
    text: zLongText('需求内容', 300),
  })
  .strict();
export type TNeedCreate = z.infer<typeof ZNeedCreate>;

/** 代点单: staff post a need for a resident at the desk; the community is the resident's own. */
export const ZNeedOnBehalf = z
  .object({
    residentId: zId,
    category: ZNeedCreate.shape.category,
    text: ZNeedCreate.shape.text,
  })
  .strict();
export type TNeedOnBehalf = z.infer<typeof ZNeedOnBehalf>;

/** Staff add a resident's support at the desk. */
export const ZNeedSupportOnBehalf = z.object({ residentId: zId }).strict();
export type TNeedSupportOnBehalf = z.infer<typeof ZNeedSupportOnBehalf>;
