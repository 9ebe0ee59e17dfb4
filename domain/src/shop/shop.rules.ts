/** The shop's rules, applied alike by the counter (web) and the API (server). */

/** One redemption or donation moves at most this many units of one item. */
export const MAX_UNITS = 100;
export const MAX_POINTS_PRICE = 100_000;

/** What one line costs: the item's price in points times the units. */
export function linePoints(line: { pointsPrice: number; quantity: number }): number {
  return line.pointsPrice * line.quantity;
}

/** What a redemption costs: its lines added up. */
export function redemptionPoints(lines: readonly { pointsPrice: number; quantity: number }[]): number {
  return lines.reduce((sum, line) => sum + linePoints(line), 0);
}

/** The most units one line can take: what is on the shelf, and never more than MAX_UNITS. */
export function maxUnitsOf(stock: number): number {
  return Math.max(0, Math.min(stock, MAX_UNITS));
}

/** Whether `quantity` more units keep a resident within an item's monthly limit (`null`: no limit), `used` already this month. */
export function withinMonthlyLimit(limit: number | null, used: number, quantity: number): boolean {
  return limit == null || used + quantity <= limit;
}

/** '每人每月限兑 1 件': how the shelf and a refusal at the counter state the limit ('' when there is none). */
export function monthlyLimitText(limit: number | null | undefined): string {
  return limit ? `每人每月限兑 ${limit} 件` : '';
}
