import { z } from 'zod';
import { zId, zText } from '../shared/schemas.js';

export const MERCHANT_CATEGORIES = ['餐饮', '食品', '医药', '医疗', '商贸', '理发美容', '生活服务', '教育培训', '其他'] as const;

export const ZMerchantCreate = z
  .object({
    name: zText('商户名称', 60),
    communityId: zId,
    address: zText('地址', 120),
    category: zText('类别', 20),
    partyAlliance: z.boolean({ error: '党建联盟商户应为是或否' }).default(false),
  })
  .strict();
export type TMerchantCreate = z.infer<typeof ZMerchantCreate>;

export const ZMerchantUpdate = z
  .object({
    name: zText('商户名称', 60).optional(),
    address: zText('地址', 120).optional(),
    category: zText('类别', 20).optional(),
    partyAlliance: z.boolean({ error: '党建联盟商户应为是或否' }).optional(),
  })
  .strict();
export type TMerchantUpdate = z.infer<typeof ZMerchantUpdate>;
