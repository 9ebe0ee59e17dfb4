/**
 * Counter redemption through the HTTP API (`POST /api/shop/redemptions`), measured against the
 * same bare route as the award, in the same rounds (http-award.bench.ts runs the load; this file
 * says what a redemption request is and what the shop must look like afterwards).
 *
 * On top of the award's path (helmet, CSRF guard, session, staff guard, BEGIN IMMEDIATE, commit
 * with a WAL sync), a redemption reads the resident and each item, takes each line's stock by a
 * conditional UPDATE, traces the units to their donation lots, writes the redemption, its lines,
 * lot links and stock movements, spends the points through the ledger (hash chain) and writes the
 * audit entry: the ratio to the bare route says how far above the floor a counter sale is.
 *
 * Requests rotate over the residents and the items (one or two lines, quantity 1 each), so the
 * bench does not measure one row's lock queue; the seed gives every resident points and every
 * item stock enough that each request succeeds (any non-2xx aborts the bench, as for awards).
 * No Idempotency-Key is sent, as in the award bench: both ratios measure the same kind of request.
 */
import type { ServerReady, ServerVerified } from './http-award.server.js';

export const REDEMPTION_PATH = '/api/shop/redemptions';

/**
 * The n-th redemption body: resident n (in rotation), item n, and on every other request a second
 * line half the shelf away (never the same item twice in one request, which the API refuses).
 */
export function redemptionBody(ready: Pick<ServerReady, 'residentIds' | 'itemIds'>, n: number): string {
  const { residentIds, itemIds } = ready;
  const lines = [{ itemId: itemIds[n % itemIds.length]!, quantity: 1 }];
  if (n % 2 === 1 && itemIds.length > 1)
    lines.push({ itemId: itemIds[(n + Math.max(1, Math.floor(itemIds.length / 2))) % itemIds.length]!, quantity: 1 });
  return JSON.stringify({ residentId: residentIds[n % residentIds.length], lines });
}

/** What must hold once the load is over; the problems found, none when the shop and the ledger agree. */
export function redemptionProblems(verified: ServerVerified, redemptionsAnswered201: number): string[] {
  const shop = verified.shop;
  const problems: string[] = [];
  // Every 201 is a committed redemption; requests still in flight when a run stopped may have committed too.
  if (shop.redemptions < redemptionsAnswered201)
    problems.push(`${shop.redemptions} redemptions in the database but ${redemptionsAnswered201} answered 201`);
  if (shop.stockMismatches)
    problems.push(`${shop.stockMismatches} items where initial − current stock ≠ units redeemed, or stock < 0`);
  if (shop.lotMismatches) problems.push(`${shop.lotMismatches} items whose lots disagree with the units redeemed`);
  if (shop.redemptionLedgerMismatches)
    problems.push(`${shop.redemptionLedgerMismatches} redemptions without a matching ledger entry`);
  if (shop.redemptionAuditEntries !== shop.redemptions)
    problems.push(`${shop.redemptionAuditEntries} shop.redeem audit entries for ${shop.redemptions} redemptions`);
  if (verified.balanceMismatches !== 0)
    problems.push(`${verified.balanceMismatches} residents whose balance ≠ sum(delta)`);
  if (!verified.integrityOk) problems.push('checkLedgerIntegrity failed');
  return problems;
}
