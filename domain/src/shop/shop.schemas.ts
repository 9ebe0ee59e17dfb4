import { z } from 'zod';
import {
  hasSomethingToChange,
  NOTHING_TO_CHANGE,
  zCalendarDate,
  zId,
  zLongText,
  zOptionalText,
  zText,
} from '../shared/schemas.js';
import { MAX_POINTS_PRICE, MAX_UNITS } from './shop.rules.js';

const zQuantity = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int({ error: `${label}应为整数` })
    .min(1, { error: `${label}至少为1` })
    .max(MAX_UNITS, { error: `${label}一次不能超过${MAX_UNITS}` });

const zPointsPrice = z
  .number({ error: '积分价应为数字' })
  .int({ error: '积分价应为整数' })
  .min(1, { error: '积分价至少为1' })
  .max(MAX_POINTS_PRICE, { error: `积分价不能超过${MAX_POINTS_PRICE}` });

const zMonthlyLimit = z
  .number({ error: '每月限兑次数应为数字' })
  .int({ error: '每月限兑次数应为整数' })
  .min(1, { error: '每月限兑次数至少为1；不限请留空' })
  .max(100, { error: '每月限兑次数不能超过100' })
  .nullable()
  .optional();

export const ZShopItemCreate = z
  .object({
    communityId: zId,
    name: zText('物品名称', 40),
    pointsPrice: zPointsPrice,
    monthlyLimit: zMonthlyLimit,
    description: zOptionalText('说明', 200),
  })
  .strict();
export type TShopItemCreate = z.infer<typeof ZShopItemCreate>;

export const ZShopItemUpdate = z
  .object({
    name: zText('物品名称', 40).optional(),
    pointsPrice: zPointsPrice.optional(),
    monthlyLimit: zMonthlyLimit,
    description: zOptionalText('说明', 200),
    status: z.enum(['active', 'paused'], { error: '状态应为 active 或 paused' }).optional(),
  })
  .strict()
  .refine((value) => hasSomethingToChange(value), { error: NOTHING_TO_CHANGE });
export type TShopItemUpdate = z.infer<typeof ZShopItemUpdate>;

export const ZDonationCreate = z
  .object({
    itemId: zId,
    quantity: zQuantity('数量'),
    merchantId: zId.optional(),
    donorName: zOptionalText('捐赠人', 40),
    donatedOn: zCalendarDate.optional(),
    estimatedValueFen: z
      .number({ error: '估值应为数字（分）' })
      .int({ error: '估值应为整数（分）' })
      .min(0, { error: '估值不能为负' })
      .max(100_000_000, { error: '估值过大' })
      .optional(),
    note: zOptionalText('备注', 200),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!value.merchantId && !value.donorName)
      ctx.addIssue({ code: 'custom', path: ['donorName'], message: '请选择捐赠商户或填写捐赠人' });
    if (value.merchantId && value.donorName)
      ctx.addIssue({ code: 'custom', path: ['donorName'], message: '商户捐赠不需要再填写捐赠人' });
  });
export type TDonationCreate = z.infer<typeof ZDonationCreate>;

export const ZRedemptionCreate = z
  .object({
    residentId: zId,
    lines: z
      .array(z.object({ itemId: zId, quantity: zQuantity('兑换数量') }).strict(), { error: '请选择兑换的物品' })
      .min(1, { error: '请至少选择一件物品' })
      .max(20, { error: '一次最多兑换20种物品' }),
  })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<number>();
    value.lines.forEach((line, index) => {
      if (seen.has(line.itemId))
        ctx.addIssue({ code: 'custom', path: ['lines', index, 'itemId'], message: '同一物品请合并为一行' });
      seen.add(line.itemId);
    });
  });
export type TRedemptionCreate = z.infer<typeof ZRedemptionCreate>;

export const ZStockAdjustment = z
  .object({
    delta: z
      .number({ error: '调整数量应为数字' })
      .int({ error: '调整数量应为整数' })
      .min(-1000, { error: '调整数量不能少于-1000' })
      .max(1000, { error: '调整数量不能超过1000' })
      .refine((d) => d !== 0, { error: '调整数量不能为0' }),
    reason: zLongText('调整原因', 200),
  })
  .strict();
export type TStockAdjustment = z.infer<typeof ZStockAdjustment>;
