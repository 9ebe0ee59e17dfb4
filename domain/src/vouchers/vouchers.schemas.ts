import { z } from 'zod';
import { zId, zInstantIn, zMonth, zString, zText } from '../shared/schemas.js';
import { normalizeVoucherCode, VOUCHER_CODE_PATTERN } from './code.js';

export const ZVoucherOfferCreate = z
  .object({
    merchantId: zId,
    title: zText('代金券名称', 40),
    faceValueFen: z
      .number({ error: '面值应为数字（分）' })
      .int({ error: '面值应为整数（分）' })
      .min(1, { error: '面值至少1分' })
      .max(1_000_000, { error: '面值不能超过1万元' }),
    pointsCost: z
      .number({ error: '所需积分应为数字' })
      .int({ error: '所需积分应为整数' })
      .min(1, { error: '所需积分至少为1' })
      .max(100_000, { error: '所需积分过大' }),
    quantity: z
      .number({ error: '数量应为数字' })
      .int({ error: '数量应为整数' })
      .min(1, { error: '数量至少为1' })
      .max(10_000, { error: '数量不能超过10000' }),
    validUntil: zInstantIn('有效期应为带时区的 ISO 8601 时间'),
    perResidentLimit: z
      .number({ error: '每人限领应为数字' })
      .int({ error: '每人限领应为整数' })
      .min(1, { error: '每人限领至少为1' })
      .max(100, { error: '每人限领不能超过100' }),
  })
  .strict();
export type TVoucherOfferCreate = z.infer<typeof ZVoucherOfferCreate>;

export const ZVoucherClaim = z.object({ offerId: zId, residentId: zId.optional() }).strict();
export type TVoucherClaim = z.infer<typeof ZVoucherClaim>;

export const ZVoucherRedeem = z
  .object({
    code: zString('券码', { trim: true })
      .max(40, { error: '券码格式不正确' })
      .transform(normalizeVoucherCode)
      .refine((code) => VOUCHER_CODE_PATTERN.test(code), { error: '券码格式不正确（12位字母数字）' }),
  })
  .strict();
export type TVoucherRedeem = z.infer<typeof ZVoucherRedeem>;

export const ZStatementMonth = z.object({
  month: zMonth('2026-11'),
  format: z.enum(['json', 'csv']).default('json'),
});
