import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './support/app.js';
import { createTestApp, quickCookie, signIn } from './support/app.js';
import {
  actorOf,
  buildCommunity,
  buildMerchant,
  buildResident,
  buildShopItem,
  buildStaff,
  buildUser,
  fundResident,
} from './support/factories.js';
import { expectLedgerInvariants } from './support/ledger.js';
import { expectExactStock, expectExactVoucherClaims } from './support/invariants.js';
import { naiveClaim, naiveHonour, naiveRedeem } from './support/naive-shop.js';
import { onPostgres, raceControl } from './support/database.js';
import type { Actor } from '../src/platform/actor.js';

/**
 * The shop and voucher guarantees under concurrent requests, on SQLite and PostgreSQL, with the
 * invariants checked in SQL afterwards and a naive control for each that checks inside its
 * transaction: on PostgreSQL the test must catch it breaking the invariant; on SQLite, which runs
 * one write transaction at a time, it shows the check holding (see raceControl).
 */
let t: TestApp;
let communityId: number;
let staffCookies: string[];
let staffActor: Actor;

beforeAll(async () => {
  t = await createTestApp();
  communityId = (await buildCommunity(t.deps)).id;
  const staff = [await buildStaff(t.deps, communityId), await buildStaff(t.deps, communityId)];
  staffCookies = await Promise.all(staff.map((s) => signIn(t.app, s.phone)));
  staffActor = await actorOf(t.deps, staff[0]!);
});
afterAll(() => t.close());

type Attempt = () => Promise<{ status: number; body: { error?: { code: string } } }>;
async function fire(attempts: Attempt[]) {
  const results = await Promise.allSettled(attempts.map((a) => a()));
  return results.map((r) =>
    r.status === 'fulfilled'
      ? r.value
      : {
          status: (r.reason as { status?: number }).status ?? 500,
          body: { error: { code: String((r.reason as { code?: string }).code) } },
        },
  );
}

async function residents(n: number, points: number) {
  const list = [];
  for (let i = 0; i < n; i++) {
    const r = await buildResident(t.deps, { communityId });
    await fundResident(t.deps, r.id, points);
    list.push(r);
  }
  return list;
}

describe('50 concurrent redemptions by 10 residents against items with stock 3', () => {
  async function invariants(items: { id: number }[], initial: number) {
    for (const item of items) await expectExactStock(t.deps, item.id, initial);
  }

  it('never sells more than the stock; every unit and point accounted for', async () => {
    const items = [
      await buildShopItem(t.deps, communityId, { stock: 3, pointsPrice: 10 }),
      await buildShopItem(t.deps, communityId, { stock: 3, pointsPrice: 15 }),
    ];
    const people = await residents(10, 60);
    // Resident 0 is at the counter on two devices at once (both staff members serve them).
    const attempts: Attempt[] = Array.from({ length: 50 }, (_, i) => {
      const resident = i % 10 === 9 ? people[0]! : people[i % 10]!;
      const cookie = staffCookies[i % 2]!;
      const lines =
        i % 3 === 0
          ? [
              { itemId: items[0]!.id, quantity: 1 },
              { itemId: items[1]!.id, quantity: 1 },
            ]
          : [{ itemId: items[i % 2]!.id, quantity: 1 }];
      return () =>
        t.app
          .inject({
            method: 'POST',
            url: '/api/shop/redemptions',
            headers: { cookie },
            payload: { residentId: resident.id, lines },
          })
          .then((r) => ({ status: r.statusCode, body: r.json() }));
    });
    const outcomes = await fire(attempts);
    const ok = outcomes.filter((o) => o.status === 201).length;
    expect(ok).toBeGreaterThan(0);
    expect(
      outcomes
        .filter((o) => o.status !== 201)
        .every((o) => o.status === 409 && ['OUT_OF_STOCK', 'INSUFFICIENT_POINTS'].includes(o.body.error!.code)),
    ).toBe(true);
    await invariants(items, 3);
    const sold = await t.db
      .selectFrom('shop_items')
      .select((eb) => eb.fn.sum<number>('stock').as('left'))
      .where(
        'id',
        'in',
        items.map((i) => i.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(sold.left)).toBe(0); // demand far exceeds 6 units: everything sells, nothing more
    await expectLedgerInvariants(t.deps);
  });

  it(
    raceControl(
      'read-modify-write stock inside a transaction oversells',
      'read-modify-write stock inside a transaction sells 3',
    ),
    async () => {
      const item = await buildShopItem(t.deps, communityId, { stock: 3, pointsPrice: 10 });
      const people = await residents(10, 60);
      await fire(
        Array.from(
          { length: 50 },
          (_, i) => () =>
            naiveRedeem(t.deps, {
              actor: staffActor,
              residentId: people[i % 10]!.id,
              itemId: item.id,
              quantity: 1,
            }).then(() => ({ status: 201, body: {} })),
        ),
      );
      const redeemed = await t.db
        .selectFrom('shop_redemption_lines')
        .select((eb) => eb.fn.sum<number>('quantity').as('units'))
        .where('item_id', '=', item.id)
        .executeTakeFirstOrThrow();
      if (onPostgres) expect(Number(redeemed.units)).toBeGreaterThan(3);
      else expect(Number(redeemed.units)).toBe(3);
    },
  );
});

describe('20 concurrent honours of one voucher by two merchants', () => {
  async function voucherOfPharmacy() {
    const pharmacy = await buildMerchant(t.deps, communityId);
    const rival = await buildMerchant(t.deps, communityId);
    const pharmacyUser = await buildUser(t.deps, [{ role: 'merchant', merchantId: pharmacy.id }]);
    const rivalUser = await buildUser(t.deps, [{ role: 'merchant', merchantId: rival.id }]);
    const [resident] = await residents(1, 50);
    const offer = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/offers',
      headers: { cookie: staffCookies[0]! },
      payload: {
        merchantId: pharmacy.id,
        title: '五元券',
        faceValueFen: 500,
        pointsCost: 40,
        quantity: 5,
        validUntil: '2026-12-31T00:00:00+08:00',
        perResidentLimit: 1,
      },
    });
    const claim = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/claims',
      headers: { cookie: staffCookies[0]! },
      payload: { offerId: offer.json().id, residentId: resident!.id },
    });
    return { code: claim.json().code as string, voucherId: claim.json().voucherId as number, pharmacyUser, rivalUser };
  }

  it('honours exactly once; the other merchant is always refused', async () => {
    const { code, voucherId, pharmacyUser, rivalUser } = await voucherOfPharmacy();
    const cookies = [await signIn(t.app, pharmacyUser.phone), await signIn(t.app, rivalUser.phone)];
    const outcomes = await fire(
      Array.from(
        { length: 20 },
        (_, i) => () =>
          t.app
            .inject({
              method: 'POST',
              url: '/api/vouchers/redeem',
              headers: { cookie: cookies[i % 2]! },
              payload: { code },
            })
            .then((r) => ({ status: r.statusCode, body: r.json() })),
      ),
    );
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 409)).toHaveLength(9);
    expect(outcomes.filter((o) => o.status === 403)).toHaveLength(10);
    const contributions = await t.db
      .selectFrom('merchant_contributions')
      .selectAll()
      .where('kind', '=', 'voucher')
      .where('ref_id', '=', String(voucherId))
      .execute();
    expect(contributions).toHaveLength(1);
  });

  it(
    raceControl(
      'look-then-write inside a transaction honours more than once',
      'look-then-write inside a transaction honours once',
    ),
    async () => {
      const { code, pharmacyUser, rivalUser } = await voucherOfPharmacy();
      const actors = [await actorOf(t.deps, pharmacyUser), await actorOf(t.deps, rivalUser)];
      const outcomes = await fire(
        Array.from(
          { length: 20 },
          (_, i) => () => naiveHonour(t.deps, { actor: actors[i % 2]!, code }).then(() => ({ status: 200, body: {} })),
        ),
      );
      const honoured = outcomes.filter((o) => o.status === 200).length;
      if (onPostgres) expect(honoured).toBeGreaterThan(1);
      else expect(honoured).toBe(1);
    },
  );
});

describe('an offer of 10 claimed by 40 residents at once', () => {
  async function offerOf10() {
    const merchant = await buildMerchant(t.deps, communityId);
    const offer = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/offers',
      headers: { cookie: staffCookies[0]! },
      payload: {
        merchantId: merchant.id,
        title: '十张券',
        faceValueFen: 300,
        pointsCost: 20,
        quantity: 10,
        validUntil: '2026-12-31T00:00:00+08:00',
        perResidentLimit: 1,
      },
    });
    return offer.json().id as number;
  }

  it('issues exactly 10 vouchers and charges exactly 10 residents', async () => {
    const offerId = await offerOf10();
    const people = await residents(40, 20);
    const cookies = await Promise.all(
      people.map(async (p) => {
        const login = await buildUser(t.deps, []);
        await t.db.updateTable('residents').set({ user_id: login.id }).where('id', '=', p.id).execute();
        // Forty sign-ins at once from one address would meet the sign-in limit, which is not what this is about.
        return quickCookie(t, login.id);
      }),
    );
    const outcomes = await fire(
      cookies.map(
        (cookie) => () =>
          t.app
            .inject({ method: 'POST', url: '/api/vouchers/claims', headers: { cookie }, payload: { offerId } })
            .then((r) => ({ status: r.statusCode, body: r.json() })),
      ),
    );
    expect(outcomes.filter((o) => o.status === 201)).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 409 && o.body.error!.code === 'OFFER_EXHAUSTED')).toHaveLength(30);
    await expectExactVoucherClaims(
      t.deps,
      offerId,
      people.map((p) => p.id),
      10,
    );
  });

  it(
    raceControl(
      'count-then-insert inside a transaction issues more than 10',
      'count-then-insert inside a transaction issues 10',
    ),
    async () => {
      const offerId = await offerOf10();
      const people = await residents(40, 20);
      await fire(
        people.map(
          (p) => () =>
            naiveClaim(t.deps, { actor: staffActor, residentId: p.id, offerId }).then(() => ({
              status: 201,
              body: {},
            })),
        ),
      );
      const vouchers = await t.db
        .selectFrom('vouchers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('offer_id', '=', offerId)
        .executeTakeFirstOrThrow();
      if (onPostgres) expect(Number(vouchers.n)).toBeGreaterThan(10);
      else expect(Number(vouchers.n)).toBe(10);
    },
  );
});
