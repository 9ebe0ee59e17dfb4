import { z } from 'zod';
import { CONTRIBUTION_KINDS } from './merchants.schemas.js';

/** What the merchants routes answer (the server encodes through these; the web reads these types). */

export const ZMerchant = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  name: z.string(),
  address: z.string(),
  category: z.string(),
  partyAlliance: z.boolean(),
});
export type TMerchant = z.infer<typeof ZMerchant>;

export const ZMerchantCreated = z.object({ id: z.number().int() });
export type TMerchantCreated = z.infer<typeof ZMerchantCreated>;

// Merchants as partners (社区搭台、商户唱戏、居民受益): contributions, stars, the wall, requests ---------

export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

export const ZRatingBasis = z.object({
  count: z.number().int(),
  averageQuality: z.number().nullable(),
  period: z.object({ from: z.string(), to: z.string() }),
});
export type TRatingBasis = z.infer<typeof ZRatingBasis>;

/** The stars and the one sentence that explains them. */
export const ZMerchantRating = z.object({ stars: z.number().int(), basis: ZRatingBasis, explanation: z.string() });
export type TMerchantRating = z.infer<typeof ZMerchantRating>;

export const ZSupportedActivity = z.object({ id: z.number().int(), title: z.string(), startsAt: z.string() });
export type TSupportedActivity = z.infer<typeof ZSupportedActivity>;

/** One merchant on the public wall: counts only, never money. */
export const ZWallMerchant = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  name: z.string(),
  category: z.string(),
  partyAlliance: z.boolean(),
  stars: z.number().int(),
  explanation: z.string(),
  contributions: z.number().int(),
  /** counts by the kind's Chinese label: { 捐赠物品: 3 } */
  contributionsByKind: z.record(z.string(), z.number().int()),
  activities: z.array(ZSupportedActivity),
});
export type TWallMerchant = z.infer<typeof ZWallMerchant>;

/** A merchant's public page (the plaque's QR code opens it). */
export const ZPublicMerchant = ZMerchantRating.extend({
  id: z.number().int(),
  communityId: z.number().int(),
  name: z.string(),
  category: z.string(),
  address: z.string(),
  partyAlliance: z.boolean(),
  contributionsByKind: z.record(z.string(), z.number().int()),
  activities: z.array(ZSupportedActivity),
});
export type TPublicMerchant = z.infer<typeof ZPublicMerchant>;

export const ZContribution = z.object({
  id: z.number().int(),
  kind: z.enum(CONTRIBUTION_KINDS),
  kindLabel: z.string(),
  description: z.string(),
  /** null: recorded automatically (a donation, an honoured voucher) and not yet confirmed by staff */
  quality: z.number().int().nullable(),
  confirmed: z.boolean(),
  occurredAt: z.string(),
  activity: z.object({ id: z.number().int(), title: z.string().nullable() }).nullable(),
  ref: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
});
export type TContribution = z.infer<typeof ZContribution>;

export const ZContributionRecorded = z.object({ id: z.number().int() });
export type TContributionRecorded = z.infer<typeof ZContributionRecorded>;

export const ZContributionConfirmed = z.object({ id: z.number().int(), quality: z.number().int() });
export type TContributionConfirmed = z.infer<typeof ZContributionConfirmed>;

export const ZRatingMonth = z.object({
  month: z.string(),
  stars: z.number().int(),
  contributions: z.number().int(),
  averageQuality: z.number().nullable(),
  explanation: z.string(),
});
export type TRatingMonth = z.infer<typeof ZRatingMonth>;

export const MERCHANT_REQUEST_STATUSES = ['open', 'in_progress', 'resolved'] as const;
export type MerchantRequestStatus = (typeof MERCHANT_REQUEST_STATUSES)[number];

export const ZMerchantRequest = z.object({
  id: z.number().int(),
  merchantId: z.number().int(),
  merchantName: z.string(),
  communityId: z.number().int(),
  title: z.string(),
  description: z.string(),
  status: z.enum(MERCHANT_REQUEST_STATUSES),
  response: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** county working days since it was raised (until resolved) */
  ageWorkingDays: z.number().int(),
  overdue: z.boolean(),
});
export type TMerchantRequest = z.infer<typeof ZMerchantRequest>;

export const ZMerchantRequestRaised = z.object({ id: z.number().int(), status: z.literal('open') });
export type TMerchantRequestRaised = z.infer<typeof ZMerchantRequestRaised>;
