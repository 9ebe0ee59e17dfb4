import QRCode from 'qrcode';
import {
  linePoints,
  maskName,
  type TDonorBoardRow,
  type TItemDonor,
  type TReceipt,
  type TShelfLabel,
  type TShopItem,
  type TStaffShopItem,
  type TStockMovement,
  type TStockMovements,
} from '@zhongli/domain';
import type { ItemRow, donorsOf, donorBoard, findRedemption, linesOf, listMovements } from './shop.repository.js';

type Shelf = { items: ItemRow[]; donors: DonorRow[] };
type ShelfItem = { item: ItemRow; donors: DonorRow[] };

type DonorRow = Awaited<ReturnType<typeof donorsOf>>[number];

function donorsFor(itemId: number, donors: DonorRow[]): TItemDonor[] {
  // Merchants by name; private donors masked like any resident on a public page.
  return donors
    .filter((d) => d.item_id === itemId)
    .map((d) => (d.merchant_id != null ? { merchantId: d.merchant_id, name: d.name } : { name: maskName(d.name) }));
}

/** The public shop: price, stock and who gave it ("热水壶 — 山西晋昶商贸有限责任公司 捐赠"). */
export function presentPublicItem(item: ItemRow, donors: DonorRow[]): TShopItem {
  return {
    id: item.id,
    communityId: item.community_id,
    name: item.name,
    pointsPrice: item.points_price,
    stock: item.stock,
    monthlyLimit: item.monthly_limit,
    description: item.description,
    donors: donorsFor(item.id, donors),
  };
}

export function presentStaffItem(item: ItemRow, donors: DonorRow[]): TStaffShopItem {
  return {
    ...presentPublicItem(item, donors),
    status: item.status,
    lowStockThreshold: item.low_stock_threshold,
    lowStock: item.stock <= item.low_stock_threshold,
  };
}

export const presentPublicShelf = ({ items, donors }: Shelf): TShopItem[] =>
  items.map((item) => presentPublicItem(item, donors));
export const presentStaffShelf = ({ items, donors }: Shelf): TStaffShopItem[] =>
  items.map((item) => presentStaffItem(item, donors));
export const presentPublicShelfItem = ({ item, donors }: ShelfItem): TShopItem => presentPublicItem(item, donors);
export const presentStaffShelfItem = ({ item, donors }: ShelfItem): TStaffShopItem => presentStaffItem(item, donors);

/** The blue shelf label: the public item, the address its QR code opens (`url`, absolute) and the code as SVG. */
export async function presentShelfLabel({ item, donors, url }: ShelfItem & { url: string }): Promise<TShelfLabel> {
  return {
    ...presentPublicItem(item, donors),
    url,
    qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 }),
  };
}

type Redemption = NonNullable<Awaited<ReturnType<typeof findRedemption>>>;
type Line = Awaited<ReturnType<typeof linesOf>>[number];

export function presentReceipt({ redemption: r, lines }: { redemption: Redemption; lines: Line[] }): TReceipt {
  return {
    id: r.id,
    communityId: r.community_id,
    communityName: r.community_name,
    residentId: r.resident_id,
    residentName: r.resident_name,
    memberCodeTail: r.member_code.slice(-4),
    pointsSpent: r.points_spent,
    balanceAfter: r.balance_after,
    at: r.created_at,
    staffName: r.actor_name,
    lines: lines.map((l) => ({
      itemId: l.item_id,
      name: l.item_name,
      quantity: l.quantity,
      pointsPrice: l.points_price,
      points: linePoints({ pointsPrice: l.points_price, quantity: l.quantity }),
    })),
  };
}

type Movement = Awaited<ReturnType<typeof listMovements>>[number];
export function presentStockMovements({ item, movements }: { item: ItemRow; movements: Movement[] }): TStockMovements {
  return { itemId: item.id, name: item.name, stock: item.stock, movements: movements.map(presentMovement) };
}

function presentMovement(m: Movement): TStockMovement {
  return {
    id: m.id,
    delta: m.delta,
    stockAfter: m.stock_after,
    kind: m.kind,
    ref: m.ref_type ? { type: m.ref_type, id: m.ref_id } : null,
    reason: m.reason,
    at: m.created_at,
    actorName: m.actor_name,
  };
}

type DonorBoardRow = Awaited<ReturnType<typeof donorBoard>>[number];
/** 爱心榜: merchants by name; private donors masked like any resident on a public page. */
export function presentDonorBoard(rows: DonorBoardRow[]): TDonorBoardRow[] {
  return rows.map((r) => ({
    ...(r.merchant_id != null
      ? { merchantId: r.merchant_id, name: r.name, partyAlliance: r.party_alliance === 1 }
      : { name: maskName(r.name), partyAlliance: false }),
    donations: Number(r.donations),
    units: Number(r.units),
    lastDonatedOn: r.last_donated_on,
  }));
}
