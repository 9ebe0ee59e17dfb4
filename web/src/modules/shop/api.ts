import type { TDonationCreate, TShopItemCreate, TShopItemUpdate, TStockAdjustment } from '@zhongli/domain';
import { http } from '../../shared/http';

export interface ItemDonor {
  merchantId?: number;
  name: string;
}

/** An item on the public shelf (active items only). */
export interface ShopItem {
  id: number;
  communityId: number;
  name: string;
  pointsPrice: number;
  stock: number;
  monthlyLimit: number | null;
  description: string | null;
  donors: ItemDonor[];
}

export type ShopItemStatus = 'active' | 'paused';

/** The staff view of an item: paused ones too, and the low-stock warning. */
export interface StaffShopItem extends ShopItem {
  status: ShopItemStatus;
  lowStockThreshold: number;
  lowStock: boolean;
}

export interface DonorRow {
  merchantId?: number;
  name: string;
  partyAlliance: boolean;
  donations: number;
  units: number;
  lastDonatedOn: string | null;
}

export type MovementKind = 'donation' | 'redemption' | 'adjustment';

export interface StockMovement {
  id: number;
  delta: number;
  stockAfter: number;
  kind: MovementKind;
  ref: { type: string; id: string | null } | null;
  reason: string | null;
  at: string;
  actorName: string | null;
}

export interface StockMovements {
  itemId: number;
  name: string;
  stock: number;
  movements: StockMovement[];
}

export interface ShelfLabel extends ShopItem {
  url: string;
  qrSvg: string;
}

export interface RedemptionLine {
  itemId: number;
  quantity: number;
}

export interface RedemptionResult {
  id: number;
  pointsSpent: number;
  balanceAfter: number;
}

export interface Receipt {
  id: number;
  communityId?: number;
  communityName: string;
  residentId: number;
  residentName: string;
  memberCodeTail: string;
  pointsSpent: number;
  balanceAfter: number;
  at: string;
  staffName: string | null;
  lines: { itemId: number; name: string; quantity: number; pointsPrice: number; points: number }[];
}

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const shopApi = {
  publicItems: (communityId: number) => http.get<ShopItem[]>('/api/public/shop/items', { communityId }),
  publicItem: (id: number) => http.get<ShopItem>(`/api/public/shop/items/${id}`),
  donors: (communityId: number) => http.get<DonorRow[]>('/api/public/shop/donors', { communityId }),

  items: (communityId?: number) => http.get<StaffShopItem[]>('/api/shop/items', { communityId }),
  createItem: (body: TShopItemCreate) => http.post<{ id: number }>('/api/shop/items', body),
  updateItem: (id: number, changes: TShopItemUpdate) => http.patch<StaffShopItem>(`/api/shop/items/${id}`, changes),
  donate: (body: TDonationCreate) =>
    http.post<{ id: number; itemId: number; stock: number }>('/api/shop/donations', body),
  adjustStock: (id: number, body: TStockAdjustment) =>
    http.post<unknown>(`/api/shop/items/${id}/stock-adjustments`, body),
  movements: (id: number) => http.get<StockMovements>(`/api/shop/items/${id}/movements`),
  label: (id: number) => http.get<ShelfLabel>(`/api/shop/items/${id}/label`),

  redeem: (body: { residentId: number; lines: RedemptionLine[] }, idempotencyKey: string) =>
    http.post<RedemptionResult>('/api/shop/redemptions', body, withKey(idempotencyKey)),
  receipt: (id: number) => http.get<Receipt>(`/api/shop/redemptions/${id}`),
};
