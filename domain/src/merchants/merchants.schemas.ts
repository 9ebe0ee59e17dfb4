import { z } from 'zod';
import {
  hasSomethingToChange,
  NOTHING_TO_CHANGE,
  zId,
  zInstantIn,
  zLongText,
  zOptionalLongText,
  zText,
} from '../shared/schemas.js';

export const MERCHANT_CATEGORIES = [
  '餐饮',
  '食品',
  '医药',
  '医疗',
  '商贸',
  '理发美容',
  '生活服务',
  '教育培训',
  '其他',
] as const;

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
  .strict()
  .refine((value) => hasSomethingToChange(value), { error: NOTHING_TO_CHANGE });
export type TMerchantUpdate = z.infer<typeof ZMerchantUpdate>;

export const CONTRIBUTION_KINDS = ['donation', 'sponsorship', 'booth', 'service', 'voucher'] as const;
export const CONTRIBUTION_KIND_LABELS: Record<(typeof CONTRIBUTION_KINDS)[number], string> = {
  donation: '捐赠物品',
  sponsorship: '赞助活动',
  booth: '便民摊位',
  service: '便民服务',
  voucher: '代金券核销',
};

const zQuality = z
  .number({ error: '质量评分应为数字' })
  .int({ error: '质量评分应为1到5的整数' })
  .min(1, { error: '质量评分应为1到5' })
  .max(5, { error: '质量评分应为1到5' });

export const ZContributionCreate = z
  .object({
    kind: z.enum(CONTRIBUTION_KINDS, { error: '类型应为 donation、sponsorship、booth、service 或 voucher' }),
    activityId: zId.optional(),
    description: zLongText('内容', 200),
    quality: zQuality,
    occurredAt: zInstantIn('时间应为带时区的 ISO 8601 时间'),
  })
  .strict();
export type TContributionCreate = z.infer<typeof ZContributionCreate>;

export const ZContributionConfirm = z.object({ quality: zQuality }).strict();

export const ZMerchantRequestCreate = z
  .object({
    title: zText('诉求标题', 40),
    description: zLongText('具体情况', 1000),
    photoIds: z
      .array(zId)
      .max(6, { error: '照片最多6张' })
      .refine((ids) => new Set(ids).size === ids.length, { error: '照片重复了' })
      .optional(),
  })
  .strict();
export type TMerchantRequestCreate = z.infer<typeof ZMerchantRequestCreate>;

export const ZMerchantRequestUpdate = z
  .object({
    status: z.enum(['open', 'in_progress', 'resolved'], { error: '状态应为 open、in_progress 或 resolved' }),
    response: zOptionalLongText('答复', 1000),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.status === 'resolved' && !value.response)
      ctx.addIssue({ code: 'custom', path: ['response'], message: '办结时请写明答复' });
  });
export type TMerchantRequestUpdate = z.infer<typeof ZMerchantRequestUpdate>;
