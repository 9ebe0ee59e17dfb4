import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import {
  buildCommunity,
  buildMerchant,
  buildResident,
  buildStaff,
  buildUser,
  fundResident,
} from './support/factories.js';
import { expectLedgerInvariants, ledgerCount } from './support/ledger.js';

let t: TestApp;
let community: { id: number };
let staffCookie: string;
let pharmacy: { id: number };
let pharmacyCookie: string;
let otherShopCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  community = await buildCommunity(t.deps, '太风东街社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
  pharmacy = await buildMerchant(t.deps, community.id, { name: '福悦来大药房' });
  const otherShop = await buildMerchant(t.deps, community.id, { name: '老街面馆' });
  pharmacyCookie = await signIn(
    t.app,
    (await buildUser(t.deps, [{ role: 'merchant', merchantId: pharmacy.id }])).phone,
  );
  otherShopCookie = await signIn(
    t.app,
    (await buildUser(t.deps, [{ role: 'merchant', merchantId: otherShop.id }])).phone,
  );
});
afterAll(async () => {
  await expectLedgerInvariants(t.deps);
  await t.close();
});

const offer = async (patch: object = {}, cookie = pharmacyCookie) =>
  t.app.inject({
    method: 'POST',
    url: '/api/vouchers/offers',
    headers: { cookie },
    payload: {
      merchantId: pharmacy.id,
      title: '满30元减5元',
      faceValueFen: 500,
      pointsCost: 40,
      quantity: 10,
      validUntil: '2026-12-31T23:59:59+08:00',
      perResidentLimit: 2,
      ...patch,
    },
  });

async function residentWithPoints(points: number) {
  const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
  if (points) await fundResident(t.deps, resident.id, points);
  return { ...resident, cookie: await signIn(t.app, resident.phone!) };
}

describe('offers and claims', () => {
  it('lets a resident claim a voucher with points on the phone; it appears in their vouchers and the public count drops', async () => {
    const created = await offer();
    expect(created.statusCode).toBe(201);
    const resident = await residentWithPoints(100);
    const claim = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/claims',
      headers: { cookie: resident.cookie, 'idempotency-key': 'claim-0000001' },
      payload: { offerId: created.json().id },
    });
    expect(claim.statusCode).toBe(201);
    expect(claim.json()).toMatchObject({
      voucherId: expect.any(Number),
      code: expect.stringMatching(/^[2-9A-Z]{12}$/),
      balanceAfter: 60,
    });
    const mine = (
      await t.app.inject({ method: 'GET', url: '/api/vouchers/mine', headers: { cookie: resident.cookie } })
    ).json();
    expect(mine).toEqual([
      expect.objectContaining({
        code: claim.json().code,
        status: 'issued',
        faceValueFen: 500,
        merchant: expect.objectContaining({ name: '福悦来大药房' }),
      }),
    ]);
    const offers = (
      await t.app.inject({ method: 'GET', url: `/api/public/vouchers/offers?communityId=${community.id}` })
    ).json();
    expect(offers.find((o: { id: number }) => o.id === created.json().id)).toMatchObject({
      remaining: 9,
      merchant: { name: '福悦来大药房' },
    });
    const ofShop = await t.app.inject({
      method: 'GET',
      url: `/api/merchants/${pharmacy.id}/voucher-offers`,
      headers: { cookie: staffCookie },
    });
    expect(ofShop.statusCode).toBe(200);
    expect(ofShop.json()).toEqual([
      expect.objectContaining({ id: created.json().id, quantity: 10, claimed: 1, remaining: 9, status: 'active' }),
    ]);
  });

  it('lets staff claim for a resident at the desk (audited) and refuses another merchant creating offers for this shop', async () => {
    const created = (await offer()).json();
    const resident = await residentWithPoints(50);
    const claim = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/claims',
      headers: { cookie: staffCookie },
      payload: { offerId: created.id, residentId: resident.id },
    });
    expect(claim.statusCode).toBe(201);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'voucher.claim')
      .where('on_behalf_resident_id', '=', resident.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect((await offer({}, otherShopCookie)).statusCode).toBe(403);
  });

  it.each([['an offer that has expired', { validUntil: '2026-11-28T12:00:00+08:00' }, 410, 'OFFER_EXPIRED']])(
    'refuses a claim on %s',
    async (_label, patch, status, code) => {
      const created = (await offer(patch)).json();
      t.clock.set('2026-11-28T05:00:00.000Z'); // 13:00 in the county, after the offer ended
      const resident = await residentWithPoints(100);
      const before = await ledgerCount(t.deps, { residentId: resident.id });
      const claim = await t.app.inject({
        method: 'POST',
        url: '/api/vouchers/claims',
        headers: { cookie: resident.cookie },
        payload: { offerId: created.id },
      });
      t.clock.set('2026-11-28T02:00:00.000Z');
      expect(claim.statusCode).toBe(status);
      expect(errorCode(claim)).toBe(code);
      expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(before);
    },
  );

  it('refuses without enough points and past the per-resident limit, writing nothing', async () => {
    const created = (await offer({ perResidentLimit: 1 })).json();
    const poor = await residentWithPoints(30);
    const tooPoor = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/claims',
      headers: { cookie: poor.cookie },
      payload: { offerId: created.id },
    });
    expect(errorCode(tooPoor)).toBe('INSUFFICIENT_POINTS');
    const rich = await residentWithPoints(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/vouchers/claims',
          headers: { cookie: rich.cookie },
          payload: { offerId: created.id },
        })
      ).statusCode,
    ).toBe(201);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/claims',
      headers: { cookie: rich.cookie },
      payload: { offerId: created.id },
    });
    expect(errorCode(second)).toBe('LIMIT_REACHED');
    const row = await t.db
      .selectFrom('voucher_offers')
      .select('claimed')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.claimed).toBe(1);
  });

  it.each([
    ['zero face value', { faceValueFen: 0 }, 'faceValueFen'],
    ['fractional points', { pointsCost: 2.5 }, 'pointsCost'],
    ['a huge quantity', { quantity: 1e7 }, 'quantity'],
    ['an end date in the past', { validUntil: '2026-01-01T00:00:00+08:00' }, 'validUntil'],
    ['a date without a zone', { validUntil: '2026-12-31 23:59' }, 'validUntil'],
  ])('refuses an offer with %s', async (_label, patch, field) => {
    const response = await offer(patch);
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toContain(field);
  });
});

describe('honouring (核销)', () => {
  async function issuedVoucher(patch: object = {}) {
    const created = (await offer(patch)).json();
    const resident = await residentWithPoints(40);
    return (
      await t.app.inject({
        method: 'POST',
        url: '/api/vouchers/claims',
        headers: { cookie: resident.cookie },
        payload: { offerId: created.id },
      })
    ).json() as { voucherId: number; code: string };
  }
  const honour = (code: string, cookie = pharmacyCookie) =>
    t.app.inject({ method: 'POST', url: '/api/vouchers/redeem', headers: { cookie }, payload: { code } });

  it('honours once for the issuing merchant; the second attempt, another merchant and staff are refused', async () => {
    const voucher = await issuedVoucher();
    expect((await honour(voucher.code, otherShopCookie)).statusCode).toBe(403);
    expect((await honour(voucher.code, staffCookie)).statusCode).toBe(403);
    const first = await honour(voucher.code.toLowerCase().replace(/(.{4})/g, '$1 '));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ voucherId: voucher.voucherId, faceValueFen: 500 });
    // A retry of the same honour (a dropped connection) replays the success instead of a scary 409.
    const retry = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/redeem',
      headers: { cookie: pharmacyCookie, 'idempotency-key': 'honour-retry-0001' },
      payload: { code: voucher.code },
    });
    expect(retry.statusCode).toBe(409);
    const second = await honour(voucher.code);
    expect(second.statusCode).toBe(409);
    expect(errorCode(second)).toBe('VOUCHER_ALREADY_USED');
    const contributions = await t.db
      .selectFrom('merchant_contributions')
      .selectAll()
      .where('kind', '=', 'voucher')
      .where('ref_id', '=', String(voucher.voucherId))
      .execute();
    expect(contributions).toHaveLength(1);
  });

  it('replays a retried honour with the same Idempotency-Key', async () => {
    const voucher = await issuedVoucher();
    const headers = { cookie: pharmacyCookie, 'idempotency-key': 'honour-once-0001' };
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/redeem',
      headers,
      payload: { code: voucher.code },
    });
    const retry = await t.app.inject({
      method: 'POST',
      url: '/api/vouchers/redeem',
      headers,
      payload: { code: voucher.code },
    });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(first.json().residentNameMasked).toMatch(/\*/);
  });

  it('refuses an expired voucher with 410, a malformed code with 400 and an unknown one with 404', async () => {
    const voucher = await issuedVoucher({ validUntil: '2026-12-05T23:59:59+08:00' });
    t.clock.set('2026-12-06T00:00:00.000Z'); // 08:00 on 6 December in the county
    const expired = await honour(voucher.code);
    t.clock.set('2026-11-28T02:00:00.000Z');
    expect(expired.statusCode).toBe(410);
    expect(errorCode(expired)).toBe('VOUCHER_EXPIRED');
    const malformed = await honour('<script>');
    expect(malformed.statusCode).toBe(400);
    expect(errorFields(malformed)).toEqual(['code']);
    expect((await honour('ABCDEFGHJKMN')).statusCode).toBe(404);
    const row = await t.db
      .selectFrom('vouchers')
      .select('status')
      .where('id', '=', voucher.voucherId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('issued');
  });

  it('gives the merchant a monthly statement with the total face value, exportable as CSV, and nobody else', async () => {
    const a = await issuedVoucher();
    const b = await issuedVoucher();
    await honour(a.code);
    await honour(b.code);
    const statement = await t.app.inject({
      method: 'GET',
      url: `/api/merchants/${pharmacy.id}/voucher-statement?month=2026-11`,
      headers: { cookie: pharmacyCookie },
    });
    expect(statement.statusCode).toBe(200);
    expect(statement.json().count).toBeGreaterThanOrEqual(2);
    expect(statement.json().totalFaceValueFen).toBe(statement.json().count * 500);
    expect(statement.body).not.toContain(a.code);
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/merchants/${pharmacy.id}/voucher-statement?month=2026-11&format=csv`,
      headers: { cookie: pharmacyCookie },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    expect(csv.body).toContain('合计');
    // Honoured at 02:00 UTC: the county's 10:00, as Excel users read it, never the UTC instant.
    expect(csv.body).toContain('"2026-11-28 10:00"');
    expect(csv.body).not.toContain('T02:00');
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/merchants/${pharmacy.id}/voucher-statement?month=2026-11`,
          headers: { cookie: otherShopCookie },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/merchants/${pharmacy.id}/voucher-statement?month=2026-13`,
          headers: { cookie: pharmacyCookie },
        })
      ).statusCode,
    ).toBe(400);
    const december = (
      await t.app.inject({
        method: 'GET',
        url: `/api/merchants/${pharmacy.id}/voucher-statement?month=2026-12`,
        headers: { cookie: pharmacyCookie },
      })
    ).json();
    expect(december.count).toBe(0);
  });
});
