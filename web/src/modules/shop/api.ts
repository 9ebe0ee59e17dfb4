import type {
  TDonationCreate,
  TDonationRecorded,
  TDonorBoardRow,
  TReceipt,
  TRedemptionCreate,
  TRedemptionResult,
  TShelfLabel,
  TShopItem,
  TShopItemCreate,
  TShopItemCreated,
  TShopItemUpdate,
  TStaffShopItem,
  TStockAdjusted,
  TStockAdjustment,
  TStockMovements,
} from '@zhongli/domain';
import { http } from '../../shared/http';

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const shopApi = {
  publicItems: (communityId: number, cursor?: string) =>
    http.getPage<TShopItem>('/api/public/shop/items', { communityId }, cursor),
  publicItem: (id: number) => http.get<TShopItem>(`/api/public/shop/items/${id}`),
  donors: (communityId: number) => http.get<TDonorBoardRow[]>('/api/public/shop/donors', { communityId }),

  items: (communityId?: number) => http.get<TStaffShopItem[]>('/api/shop/items', { communityId }),
  createItem: (body: TShopItemCreate) => http.post<TShopItemCreated>('/api/shop/items', body),
  updateItem: (id: number, changes: TShopItemUpdate) => http.patch<TStaffShopItem>(`/api/shop/items/${id}`, changes),
  donate: (body: TDonationCreate) => http.post<TDonationRecorded>('/api/shop/donations', body),
  adjustStock: (id: number, body: TStockAdjustment) =>
    http.post<TStockAdjusted>(`/api/shop/items/${id}/stock-adjustments`, body),
  movements: (id: number) => http.get<TStockMovements>(`/api/shop/items/${id}/movements`),
  movementsExportUrl: (id: number) => `/api/shop/items/${id}/movements/export`,
  label: (id: number) => http.get<TShelfLabel>(`/api/shop/items/${id}/label`),

  redeem: (body: TRedemptionCreate, idempotencyKey: string) =>
    http.post<TRedemptionResult>('/api/shop/redemptions', body, withKey(idempotencyKey)),
  receipt: (id: number) => http.get<TReceipt>(`/api/shop/redemptions/${id}`),
};
