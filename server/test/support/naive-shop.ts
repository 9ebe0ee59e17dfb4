import { AppError, makeVoucherCode } from '@zhongli/domain';
import type { AppDeps } from '../../src/platform/deps.js';
import type { Actor } from '../../src/platform/actor.js';
import { spendPoints } from '../../src/modules/points/points.service.js';

/**
 * Deliberately naive shop and voucher code, used only as negative controls. Each does its check
 * INSIDE the transaction that writes, as the bug is usually written: on PostgreSQL the
 * concurrency tests must catch each of these breaking its invariant; on SQLite, which runs one
 * write transaction at a time, they show the check holding (see raceControl).
 */

/** The gap between looking and writing that a real request has (a round trip, a busy event loop). */
const gap = () => new Promise((resolve) => setTimeout(resolve, 2));

/** Stock by read-modify-write: reads the stock, checks it, writes back the computed value. */
export async function naiveRedeem(
  deps: AppDeps,
  o: { actor: Actor; residentId: number; itemId: number; quantity: number },
) {
  await deps.db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom('shop_items')
      .select(['stock', 'points_price', 'community_id'])
      .where('id', '=', o.itemId)
      .executeTakeFirstOrThrow();
    if (item.stock < o.quantity) throw new AppError('OUT_OF_STOCK');
    await gap();
    await trx
      .updateTable('shop_items')
      .set({ stock: item.stock - o.quantity })
      .where('id', '=', o.itemId)
      .execute();
    const redemption = await trx
      .insertInto('shop_redemptions')
      .values({
        community_id: item.community_id,
        resident_id: o.residentId,
        points_spent: item.points_price * o.quantity,
        actor_user_id: o.actor.userId,
        created_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await spendPoints(trx, deps, {
      actor: o.actor,
      residentId: o.residentId,
      amount: item.points_price * o.quantity,
      kind: 'redemption',
      refType: 'naive',
      refId: String(redemption.id),
      reason: 'naive',
      idempotencyKey: `naive-redeem:${redemption.id}`,
    });
    await trx
      .insertInto('shop_redemption_lines')
      .values({
        redemption_id: redemption.id,
        item_id: o.itemId,
        item_name: 'naive',
        quantity: o.quantity,
        points_price: item.points_price,
      })
      .execute();
  });
}

/** Honour by look-then-write: checks the status, then marks it used without a condition. */
export async function naiveHonour(deps: AppDeps, o: { actor: Actor; code: string }) {
  await deps.db.transaction().execute(async (trx) => {
    const voucher = await trx
      .selectFrom('vouchers')
      .select(['id', 'status', 'merchant_id'])
      .where('code', '=', o.code)
      .executeTakeFirstOrThrow();
    if (!o.actor.roles.some((r) => r.merchantId === voucher.merchant_id)) throw new AppError('FORBIDDEN');
    if (voucher.status !== 'issued') throw new AppError('VOUCHER_ALREADY_USED');
    await gap();
    await trx
      .updateTable('vouchers')
      .set({ status: 'redeemed', redeemed_at: new Date().toISOString(), redeemed_by: o.actor.userId })
      .where('id', '=', voucher.id)
      .execute();
  });
  return { honoured: true };
}

/** Claims by count-then-insert: counts the vouchers issued, then issues one more. */
export async function naiveClaim(deps: AppDeps, o: { actor: Actor; residentId: number; offerId: number }) {
  await deps.db.transaction().execute(async (trx) => {
    const offer = await trx
      .selectFrom('voucher_offers')
      .select(['quantity', 'merchant_id', 'points_cost', 'valid_until'])
      .where('id', '=', o.offerId)
      .executeTakeFirstOrThrow();
    const issued = await trx
      .selectFrom('vouchers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('offer_id', '=', o.offerId)
      .executeTakeFirstOrThrow();
    if (Number(issued.n) >= offer.quantity) throw new AppError('OFFER_EXHAUSTED');
    await gap();
    const voucher = await trx
      .insertInto('vouchers')
      .values({
        offer_id: o.offerId,
        merchant_id: offer.merchant_id,
        resident_id: o.residentId,
        code: makeVoucherCode(),
        claimed_at: new Date().toISOString(),
        expires_at: offer.valid_until,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await spendPoints(trx, deps, {
      actor: o.actor,
      residentId: o.residentId,
      amount: offer.points_cost,
      kind: 'voucher',
      refType: 'voucher',
      refId: String(voucher.id),
      reason: 'naive',
      idempotencyKey: `naive-voucher:${voucher.id}`,
    });
  });
}
