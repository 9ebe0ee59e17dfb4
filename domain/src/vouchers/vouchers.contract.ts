import { z } from 'zod';

/** What the vouchers routes answer (the server encodes through these; the web reads these types). */

/** An offer residents can claim now. */
export const ZVoucherOffer = z.object({
  id: z.number().int(),
  merchant: z.object({ id: z.number().int(), name: z.string() }),
  communityId: z.number().int(),
  title: z.string(),
  faceValueFen: z.number().int(),
  pointsCost: z.number().int(),
  remaining: z.number().int(),
  perResidentLimit: z.number().int(),
  validUntil: z.string(),
});
export type TVoucherOffer = z.infer<typeof ZVoucherOffer>;

export const VOUCHER_OFFER_STATUSES = ['active', 'withdrawn'] as const;
export type VoucherOfferStatus = (typeof VOUCHER_OFFER_STATUSES)[number];

/** The shop's (and staff's) view of an offer: how many were claimed of how many. */
export const ZMerchantOffer = ZVoucherOffer.extend({
  quantity: z.number().int(),
  claimed: z.number().int(),
  status: z.enum(VOUCHER_OFFER_STATUSES),
  createdAt: z.string(),
});
export type TMerchantOffer = z.infer<typeof ZMerchantOffer>;

export const ZVoucherOfferCreated = z.object({ id: z.number().int() });
export type TVoucherOfferCreated = z.infer<typeof ZVoucherOfferCreated>;

export const ZClaimResult = z.object({
  voucherId: z.number().int(),
  code: z.string(),
  balanceAfter: z.number().int(),
  expiresAt: z.string(),
});
export type TClaimResult = z.infer<typeof ZClaimResult>;

export const MY_VOUCHER_STATUSES = ['issued', 'redeemed', 'expired'] as const;
export type MyVoucherStatus = (typeof MY_VOUCHER_STATUSES)[number];

export const ZMyVoucher = z.object({
  id: z.number().int(),
  code: z.string(),
  status: z.enum(MY_VOUCHER_STATUSES),
  title: z.string(),
  faceValueFen: z.number().int(),
  merchant: z.object({ id: z.number().int(), name: z.string(), address: z.string() }),
  claimedAt: z.string(),
  expiresAt: z.string(),
  redeemedAt: z.string().nullable(),
});
export type TMyVoucher = z.infer<typeof ZMyVoucher>;

/** What the shop's phone shows after 核销: the amount and the resident, masked. */
export const ZHonourResult = z.object({
  voucherId: z.number().int(),
  title: z.string(),
  faceValueFen: z.number().int(),
  residentNameMasked: z.string(),
  redeemedAt: z.string(),
});
export type THonourResult = z.infer<typeof ZHonourResult>;

export const ZVoucherStatementRow = z.object({
  voucherId: z.number().int(),
  codeTail: z.string(),
  title: z.string(),
  faceValueFen: z.number().int(),
  redeemedAt: z.string().nullable(),
  residentNameMasked: z.string(),
});
export type TVoucherStatementRow = z.infer<typeof ZVoucherStatementRow>;

export const ZVoucherStatement = z.object({
  merchantId: z.number().int(),
  merchantName: z.string(),
  month: z.string(),
  count: z.number().int(),
  totalFaceValueFen: z.number().int(),
  vouchers: z.array(ZVoucherStatementRow),
});
export type TVoucherStatement = z.infer<typeof ZVoucherStatement>;

/** The statement as CSV (format=csv): UTF-8 with a BOM so Excel opens it, one voucher a line, the total last. */
export const ZVoucherStatementCsv = z.string().meta({ description: 'text/csv：代金券核销对账单（format=csv）' });
