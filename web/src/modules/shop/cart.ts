import { maxUnitsOf, redemptionPoints, type TShopItem } from '@zhongli/domain';
import type { FieldIssue } from '../../shared/http';

/** One line at the counter: an item and how many. Price and stock are copied for display. */
export interface CartLine {
  itemId: number;
  name: string;
  pointsPrice: number;
  stock: number;
  monthlyLimit: number | null;
  quantity: number;
}

/** What the cart needs of a shelf item, as the shop's contract describes it. */
export type CartItem = Pick<TShopItem, 'id' | 'name' | 'pointsPrice' | 'stock' | 'monthlyLimit'>;

/** The counter lets a line go up to what is on the shelf, within the API's MAX_UNITS (and shows at least 1). */
export function maxQuantity(line: Pick<CartLine, 'stock'>): number {
  return Math.max(1, maxUnitsOf(line.stock));
}

/** Adds an item, or one more of it when it is already in the cart (the API wants one line per item). */
export function addToCart(lines: CartLine[], item: CartItem): CartLine[] {
  const existing = lines.find((l) => l.itemId === item.id);
  if (existing)
    return lines.map((l) => (l.itemId === item.id ? { ...l, quantity: Math.min(l.quantity + 1, maxQuantity(l)) } : l));
  return [
    ...lines,
    {
      itemId: item.id,
      name: item.name,
      pointsPrice: item.pointsPrice,
      stock: item.stock,
      monthlyLimit: item.monthlyLimit,
      quantity: 1,
    },
  ];
}

/** A typed or stepped quantity, kept whole and within 1…max. */
export function clampQuantity(value: unknown, line: Pick<CartLine, 'stock'>): number {
  const n = Math.floor(Number(value));
  if (!Number.isFinite(n) || n < 1) return 1;
  return Math.min(n, maxQuantity(line));
}

export function cartTotal(lines: Pick<CartLine, 'pointsPrice' | 'quantity'>[]): number {
  return redemptionPoints(lines);
}

/** How many points are missing (0 when the balance covers the cart or is not known yet). */
export function shortfall(total: number, balance: number | undefined): number {
  if (balance === undefined) return 0;
  return Math.max(0, total - balance);
}

/**
 * The server names the line a refusal is about (`lines.1.quantity`, `lines.1.itemId`); this maps
 * those messages to item ids so each shows beside its own line. Other issues come back under 'form'.
 */
export function lineErrorsOf(
  details: FieldIssue[],
  lines: Pick<CartLine, 'itemId'>[],
): { byItem: Record<number, string>; form: string[] } {
  const byItem: Record<number, string> = {};
  const form: string[] = [];
  for (const { field, message } of details) {
    const match = /^lines\.(\d+)(?:\.|$)/.exec(field);
    const line = match ? lines[Number(match[1])] : undefined;
    if (line) byItem[line.itemId] ??= message;
    else form.push(message);
  }
  return { byItem, form };
}

/** The request body and a fingerprint of it (same cart for the same resident → same Idempotency-Key). */
export function redemptionOf(residentId: number, lines: Pick<CartLine, 'itemId' | 'quantity'>[]) {
  const body = { residentId, lines: lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity })) };
  return { body, fingerprint: `${residentId}:${body.lines.map((l) => `${l.itemId}x${l.quantity}`).join(',')}` };
}
