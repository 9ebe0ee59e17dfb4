import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import {
  buildCommunity,
  buildMerchant,
  buildResident,
  buildShopItem,
  buildStaff,
  fundResident,
} from './support/factories.js';
import { expectLedgerInvariants, ledgerCount } from './support/ledger.js';

let t: TestApp;
let community: { id: number };
let otherCommunity: { id: number };
let staffCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  community = await buildCommunity(t.deps, '太风东街社区');
  otherCommunity = await buildCommunity(t.deps, '东城社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
});
afterAll(async () => {
  await expectLedgerInvariants(t.deps);
  await t.close();
});

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: staffCookie, ...headers }, payload });
const stockOf = async (itemId: number) =>
  (await t.db.selectFrom('shop_items').select('stock').where('id', '=', itemId).executeTakeFirstOrThrow()).stock;
const count = async (table: 'shop_redemptions' | 'stock_movements' | 'shop_donations' | 'merchant_contributions') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('catalogue and donations', () => {
  it('records a merchant donation: stock grows, the lot and the contribution are recorded, the public page names the donor', async () => {
    const merchant = await buildMerchant(t.deps, community.id, { name: '山西晋昶商贸有限责任公司' });
    const item = (
      await post('/api/shop/items', { communityId: community.id, name: '热水壶', pointsPrice: 120, monthlyLimit: 1 })
    ).json();
    const donation = await post('/api/shop/donations', {
      itemId: item.id,
      quantity: 6,
      merchantId: merchant.id,
      estimatedValueFen: 30000,
    });
    expect(donation.statusCode).toBe(201);
    expect(donation.json()).toMatchObject({ itemId: item.id, stock: 6 });
    const privateGift = await post('/api/shop/donations', { itemId: item.id, quantity: 2, donorName: '张秀兰' });
    expect(privateGift.json().stock).toBe(8);

    const shop = (
      await t.app.inject({ method: 'GET', url: `/api/public/shop/items?communityId=${community.id}` })
    ).json();
    expect(shop.find((i: { id: number }) => i.id === item.id)).toEqual({
      id: item.id,
      communityId: community.id,
      name: '热水壶',
      pointsPrice: 120,
      stock: 8,
      monthlyLimit: 1,
      description: null,
      donors: expect.arrayContaining([
        { merchantId: merchant.id, name: '山西晋昶商贸有限责任公司' },
        { name: '张*兰' },
      ]),
    });
    const contributions = await t.db
      .selectFrom('merchant_contributions')
      .selectAll()
      .where('merchant_id', '=', merchant.id)
      .execute();
    expect(contributions).toEqual([
      expect.objectContaining({ kind: 'donation', ref_type: 'shop_donation', ref_id: String(donation.json().id) }),
    ]);
    const board = (
      await t.app.inject({ method: 'GET', url: `/api/public/shop/donors?communityId=${community.id}` })
    ).json();
    expect(board).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ merchantId: merchant.id, units: 6 }),
        expect.objectContaining({ name: '张*兰', units: 2 }),
      ]),
    );
    const label = (
      await t.app.inject({ method: 'GET', url: `/api/shop/items/${item.id}/label`, headers: { cookie: staffCookie } })
    ).json();
    expect(label).toMatchObject({
      name: '热水壶',
      pointsPrice: 120,
      url: expect.stringMatching(new RegExp(`/shop/items/${item.id}$`)),
    });
    expect(label.qrSvg).toMatch(/^<svg/);
  });

  it('records a retried donation once (Idempotency-Key)', async () => {
    const item = await buildShopItem(t.deps, community.id, { stock: 0 });
    const key = { 'idempotency-key': 'donation-retry-0001' };
    const first = await post('/api/shop/donations', { itemId: item.id, quantity: 5, donorName: '李四' }, key);
    const again = await post('/api/shop/donations', { itemId: item.id, quantity: 5, donorName: '李四' }, key);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await stockOf(item.id)).toBe(5);
  });

  it.each([
    ['quantity 0', { quantity: 0 }, 'quantity'],
    ['a negative quantity', { quantity: -3 }, 'quantity'],
    ['a huge quantity', { quantity: 1_000_000 }, 'quantity'],
    ['no donor at all', { donorName: undefined }, 'donorName'],
    ['an unknown item', { itemId: 999_999 }, 'itemId'],
    ['a date in the future', { donatedOn: '2099-01-01' }, 'donatedOn'],
  ])('refuses a donation with %s, writing nothing', async (_label, patch, field) => {
    const item = await buildShopItem(t.deps, community.id, { stock: 0 });
    const before = [await count('shop_donations'), await count('stock_movements')];
    const response = await post('/api/shop/donations', { itemId: item.id, quantity: 2, donorName: '李四', ...patch });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toContain(field);
    expect([await count('shop_donations'), await count('stock_movements')]).toEqual(before);
    expect(await stockOf(item.id)).toBe(0);
  });
});

describe('counter redemption', () => {
  it('redeems two items for a resident with enough points: stock, balance, lots and the receipt agree', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true, name: '王秀英' });
    await fundResident(t.deps, resident.id, 100);
    const kettle = await buildShopItem(t.deps, community.id, { name: '水壶', pointsPrice: 30, stock: 3 });
    const cup = await buildShopItem(t.deps, community.id, { name: '水杯', pointsPrice: 10, stock: 5 });
    const response = await post(
      '/api/shop/redemptions',
      {
        residentId: resident.id,
        lines: [
          { itemId: kettle.id, quantity: 2 },
          { itemId: cup.id, quantity: 1 },
        ],
      },
      { 'idempotency-key': 'counter-0001' },
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ id: expect.any(Number), pointsSpent: 70, balanceAfter: 30 });
    expect([await stockOf(kettle.id), await stockOf(cup.id)]).toEqual([1, 4]);
    const replay = await post(
      '/api/shop/redemptions',
      {
        residentId: resident.id,
        lines: [
          { itemId: kettle.id, quantity: 2 },
          { itemId: cup.id, quantity: 1 },
        ],
      },
      { 'idempotency-key': 'counter-0001' },
    );
    expect(replay.json()).toEqual(response.json());
    expect(await stockOf(kettle.id)).toBe(1);

    const residentCookie = await signIn(t.app, resident.phone!);
    const receipt = await t.app.inject({
      method: 'GET',
      url: `/api/shop/redemptions/${response.json().id}`,
      headers: { cookie: residentCookie },
    });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.json()).toMatchObject({
      residentName: '王秀英',
      pointsSpent: 70,
      balanceAfter: 30,
      lines: [
        { name: '水壶', quantity: 2, points: 60 },
        { name: '水杯', quantity: 1, points: 10 },
      ],
    });
    const lots = await t.db
      .selectFrom('shop_redemption_lots')
      .innerJoin('shop_redemption_lines', 'shop_redemption_lines.id', 'shop_redemption_lots.line_id')
      .select(['shop_redemption_lines.item_id', 'shop_redemption_lots.quantity'])
      .where('shop_redemption_lines.redemption_id', '=', response.json().id)
      .execute();
    expect(lots.reduce((sum, l) => sum + l.quantity, 0)).toBe(3);
    const statement = (
      await t.app.inject({
        method: 'GET',
        url: `/api/residents/${resident.id}/points`,
        headers: { cookie: residentCookie },
      })
    ).json();
    expect(statement.entries[0]).toMatchObject({
      delta: -70,
      kind: 'redemption',
      ref: { type: 'shop_redemption', id: String(response.json().id) },
    });
    // A spend is not undone by a bare credit: the stock would stay gone.
    const reverse = await t.app.inject({
      method: 'POST',
      url: `/api/points/entries/${statement.entries[0].id}/reverse`,
      headers: { cookie: staffCookie },
      payload: { reason: '想退' },
    });
    expect(reverse.statusCode).toBe(409);
    expect(errorCode(reverse)).toBe('NOT_REVERSIBLE');
    const neighbour = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const foreignReceipt = await t.app.inject({
      method: 'GET',
      url: `/api/shop/redemptions/${response.json().id}`,
      headers: { cookie: await signIn(t.app, neighbour.phone!) },
    });
    expect(foreignReceipt.statusCode).toBe(403);
  });

  async function refusal(
    lines: object[],
    expected: { status: number; code: string; field?: string },
    residentPoints = 1000,
  ) {
    const resident = await buildResident(t.deps, { communityId: community.id });
    if (residentPoints) await fundResident(t.deps, resident.id, residentPoints);
    const before = {
      redemptions: await count('shop_redemptions'),
      movements: await count('stock_movements'),
      entries: await ledgerCount(t.deps, { residentId: resident.id }),
    };
    const response = await post('/api/shop/redemptions', { residentId: resident.id, lines });
    expect(response.statusCode).toBe(expected.status);
    expect(errorCode(response)).toBe(expected.code);
    if (expected.field) expect(errorFields(response)).toContain(expected.field);
    expect({
      redemptions: await count('shop_redemptions'),
      movements: await count('stock_movements'),
      entries: await ledgerCount(t.deps, { residentId: resident.id }),
    }).toEqual(before);
  }

  it('takes all lines or none: the second line out of stock refuses the whole redemption, naming that line', async () => {
    const plenty = await buildShopItem(t.deps, community.id, { stock: 10 });
    const scarce = await buildShopItem(t.deps, community.id, { stock: 1 });
    await refusal(
      [
        { itemId: plenty.id, quantity: 2 },
        { itemId: scarce.id, quantity: 2 },
      ],
      { status: 409, code: 'OUT_OF_STOCK', field: 'lines.1.quantity' },
    );
    expect([await stockOf(plenty.id), await stockOf(scarce.id)]).toEqual([10, 1]);
  });

  it('refuses when the points do not cover it, leaving stock untouched', async () => {
    const item = await buildShopItem(t.deps, community.id, { pointsPrice: 50, stock: 4 });
    await refusal([{ itemId: item.id, quantity: 1 }], { status: 409, code: 'INSUFFICIENT_POINTS' }, 40);
    expect(await stockOf(item.id)).toBe(4);
  });

  it("refuses a paused item, an unknown item and another community's item", async () => {
    const paused = await buildShopItem(t.deps, community.id, { stock: 4 });
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/shop/items/${paused.id}`,
          headers: { cookie: staffCookie },
          payload: { status: 'paused' },
        })
      ).statusCode,
    ).toBe(200);
    await refusal([{ itemId: paused.id, quantity: 1 }], {
      status: 409,
      code: 'ITEM_UNAVAILABLE',
      field: 'lines.0.itemId',
    });
    await refusal([{ itemId: 999_999, quantity: 1 }], {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'lines.0.itemId',
    });
    const foreign = await buildShopItem(t.deps, otherCommunity.id, { stock: 4 });
    await refusal([{ itemId: foreign.id, quantity: 1 }], {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'lines.0.itemId',
    });
  });

  it.each([
    ['quantity 0', [{ quantity: 0 }], 'lines.0.quantity'],
    ['a negative quantity', [{ quantity: -1 }], 'lines.0.quantity'],
    ['a huge quantity', [{ quantity: 100_000 }], 'lines.0.quantity'],
    ['a fractional quantity', [{ quantity: 1.5 }], 'lines.0.quantity'],
    ['the same item twice', [{ quantity: 1 }, { quantity: 1 }], 'lines.1.itemId'],
  ])('refuses %s with a 400 naming the line', async (_label, patches, field) => {
    const item = await buildShopItem(t.deps, community.id, { stock: 4 });
    await refusal(
      patches.map((p) => ({ itemId: item.id, ...p })),
      { status: 400, code: 'VALIDATION_FAILED', field },
    );
    expect(await stockOf(item.id)).toBe(4);
  });

  it('enforces the per-resident monthly limit', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id });
    await fundResident(t.deps, resident.id, 500);
    const rice = await buildShopItem(t.deps, community.id, { pointsPrice: 60, stock: 10, monthlyLimit: 1 });
    expect(
      (await post('/api/shop/redemptions', { residentId: resident.id, lines: [{ itemId: rice.id, quantity: 1 }] }))
        .statusCode,
    ).toBe(201);
    const again = await post('/api/shop/redemptions', {
      residentId: resident.id,
      lines: [{ itemId: rice.id, quantity: 1 }],
    });
    expect(errorCode(again)).toBe('LIMIT_REACHED');
    expect(errorFields(again)).toEqual(['lines.0.quantity']);
    t.clock.set('2026-12-01T02:00:00.000Z');
    expect(
      (await post('/api/shop/redemptions', { residentId: resident.id, lines: [{ itemId: rice.id, quantity: 1 }] }))
        .statusCode,
    ).toBe(201);
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  it("refuses a redemption for another community's resident (403)", async () => {
    const foreign = await buildResident(t.deps, { communityId: otherCommunity.id });
    const item = await buildShopItem(t.deps, otherCommunity.id, { stock: 2 });
    expect(
      (await post('/api/shop/redemptions', { residentId: foreign.id, lines: [{ itemId: item.id, quantity: 1 }] }))
        .statusCode,
    ).toBe(403);
  });
});

describe('stock', () => {
  it('keeps a movement for every change and refuses to adjust below zero', async () => {
    const item = await buildShopItem(t.deps, community.id, { stock: 3 });
    expect(
      (await post(`/api/shop/items/${item.id}/stock-adjustments`, { delta: -1, reason: '破损' })).json(),
    ).toMatchObject({ stock: 2 });
    const below = await post(`/api/shop/items/${item.id}/stock-adjustments`, { delta: -5, reason: '盘点' });
    expect(errorCode(below)).toBe('OUT_OF_STOCK');
    expect((await post(`/api/shop/items/${item.id}/stock-adjustments`, { delta: 0, reason: '无' })).statusCode).toBe(
      400,
    );
    expect(
      (await post(`/api/shop/items/${item.id}/stock-adjustments`, { delta: 2, reason: '盘盈' })).json(),
    ).toMatchObject({ stock: 4 });
    // Found stock is a lot of its own, but it is nobody's donation on the public pages.
    const shown = (await t.app.inject({ method: 'GET', url: `/api/public/shop/items/${item.id}` })).json();
    expect(shown.donors.map((d: { name: string }) => d.name)).not.toContain('库存调整（盘盈）');
    const movements = (
      await t.app.inject({
        method: 'GET',
        url: `/api/shop/items/${item.id}/movements`,
        headers: { cookie: staffCookie },
      })
    ).json();
    expect(movements.movements.map((m: { delta: number; kind: string }) => [m.kind, m.delta])).toEqual([
      ['adjustment', 2],
      ['adjustment', -1],
      ['donation', 3],
    ]);
    expect(movements.movements.map((m: { stockAfter: number }) => m.stockAfter)).toEqual([4, 2, 3]);
    await expect(t.db.updateTable('stock_movements').set({ delta: 99 }).execute()).rejects.toThrow(/append-only/);
    const items = (
      await t.app.inject({
        method: 'GET',
        url: `/api/shop/items?communityId=${community.id}`,
        headers: { cookie: staffCookie },
      })
    ).json();
    expect(items.find((i: { id: number }) => i.id === item.id)).toMatchObject({ stock: 4, lowStock: false });
  });
});
