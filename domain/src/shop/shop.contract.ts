import { z } from 'zod';

/** What the shop routes answer (the server encodes through these; the web reads these types). */

/** Who gave an item: a merchant by name, a private donor masked like any resident on a public page. */
export const ZItemDonor = z.object({ merchantId: z.number().int().optional(), name: z.string() });
export type TItemDonor = z.infer<typeof ZItemDonor>;

/** An item on the public shelf (active items only). */
export const ZShopItem = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  name: z.string(),
  pointsPrice: z.number().int(),
  stock: z.number().int(),
  monthlyLimit: z.number().int().nullable(),
  description: z.string().nullable(),
  donors: z.array(ZItemDonor),
});
export type TShopItem = z.infer<typeof ZShopItem>;

export const SHOP_ITEM_STATUSES = ['active', 'paused'] as const;
export type ShopItemStatus = (typeof SHOP_ITEM_STATUSES)[number];

/** The staff view of an item: paused ones too, and the low-stock warning. */
export const ZStaffShopItem = ZShopItem.extend({
  status: z.enum(SHOP_ITEM_STATUSES),
  lowStockThreshold: z.number().int(),
  lowStock: z.boolean(),
});
export type TStaffShopItem = z.infer<typeof ZStaffShopItem>;

export const ZShopItemCreated = z.object({ id: z.number().int() });
export type TShopItemCreated = z.infer<typeof ZShopItemCreated>;

/** 爱心榜: donors of a community by units given. */
export const ZDonorBoardRow = z.object({
  merchantId: z.number().int().optional(),
  name: z.string(),
  partyAlliance: z.boolean(),
  donations: z.number().int(),
  units: z.number().int(),
  lastDonatedOn: z.string().nullable(),
});
export type TDonorBoardRow = z.infer<typeof ZDonorBoardRow>;

export const STOCK_MOVEMENT_KINDS = ['donation', 'redemption', 'adjustment'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];
/** How the console's 库存流水 and its Excel export name a movement. */
export const STOCK_MOVEMENT_LABELS: Record<StockMovementKind, string> = {
  donation: '捐赠入库',
  redemption: '兑换出库',
  adjustment: '库存调整',
};

export const ZStockMovement = z.object({
  id: z.number().int(),
  delta: z.number().int(),
  stockAfter: z.number().int(),
  kind: z.enum(STOCK_MOVEMENT_KINDS),
  ref: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  reason: z.string().nullable(),
  at: z.string(),
  actorName: z.string().nullable(),
});
export type TStockMovement = z.infer<typeof ZStockMovement>;

export const ZStockMovements = z.object({
  itemId: z.number().int(),
  name: z.string(),
  stock: z.number().int(),
  movements: z.array(ZStockMovement),
});
export type TStockMovements = z.infer<typeof ZStockMovements>;

/** The blue shelf label: the public item, the address its QR code opens, and the code as SVG. */
export const ZShelfLabel = ZShopItem.extend({ url: z.string(), qrSvg: z.string() });
export type TShelfLabel = z.infer<typeof ZShelfLabel>;

export const ZDonationRecorded = z.object({ id: z.number().int(), itemId: z.number().int(), stock: z.number().int() });
export type TDonationRecorded = z.infer<typeof ZDonationRecorded>;

export const ZStockAdjusted = z.object({ itemId: z.number().int(), stock: z.number().int() });
export type TStockAdjusted = z.infer<typeof ZStockAdjusted>;

export const ZRedemptionResult = z.object({
  id: z.number().int(),
  pointsSpent: z.number().int(),
  balanceAfter: z.number().int(),
});
export type TRedemptionResult = z.infer<typeof ZRedemptionResult>;

export const ZReceiptLine = z.object({
  itemId: z.number().int(),
  name: z.string(),
  quantity: z.number().int(),
  pointsPrice: z.number().int(),
  points: z.number().int(),
});
export type TReceiptLine = z.infer<typeof ZReceiptLine>;

export const ZReceipt = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  communityName: z.string(),
  residentId: z.number().int(),
  residentName: z.string(),
  memberCodeTail: z.string(),
  pointsSpent: z.number().int(),
  balanceAfter: z.number().int().nullable(),
  at: z.string(),
  staffName: z.string().nullable(),
  lines: z.array(ZReceiptLine),
});
export type TReceipt = z.infer<typeof ZReceipt>;
