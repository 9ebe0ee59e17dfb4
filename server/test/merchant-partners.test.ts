import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { buildActivity, buildCommunity, buildMerchant, buildStaff, buildUser } from './support/factories.js';
import { rerateMonth } from '../src/modules/merchants/partners.service.js';

let t: TestApp;
let community: { id: number };
let other: { id: number };
let staffCookie: string;
let otherStaffCookie: string;

beforeAll(async () => {
  t = await createTestApp(); // Saturday 28 November 2026, 10:00 in the county
  community = await buildCommunity(t.deps, '太风东街社区');
  other = await buildCommunity(t.deps, '东城社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
  otherStaffCookie = await signIn(t.app, (await buildStaff(t.deps, other.id)).phone);
});
afterAll(() => t.close());

async function merchantWithLogin(attrs: { name?: string; partyAlliance?: boolean } = {}, communityId = community.id) {
  const merchant = await buildMerchant(t.deps, communityId, attrs);
  const user = await buildUser(t.deps, [{ role: 'merchant', merchantId: merchant.id }]);
  return { ...merchant, cookie: await signIn(t.app, user.phone) };
}
const contribute = (merchantId: number, payload: object, cookie = staffCookie) =>
  t.app.inject({
    method: 'POST',
    url: `/api/merchants/${merchantId}/contributions`,
    headers: { cookie },
    payload: {
      kind: 'service',
      description: '义务维修',
      quality: 5,
      occurredAt: '2026-11-20T10:00:00+08:00',
      ...payload,
    },
  });
const contributionCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('merchant_contributions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('contributions and stars', () => {
  it('records a sponsorship for an activity and a booth; the merchant sees its stars and the sentence that explains them', async () => {
    const merchant = await merchantWithLogin({ name: '红玉祥食品厂' });
    const festival = await buildActivity(t.deps, {
      communityId: community.id,
      title: '社区邻里节',
      startsAt: '2026-11-21T09:00:00+08:00',
      endsAt: '2026-11-21T12:00:00+08:00',
    });
    expect(
      (
        await contribute(merchant.id, {
          kind: 'sponsorship',
          activityId: festival.id,
          description: '送来煮饼、绿豆饼',
          quality: 5,
          occurredAt: '2026-11-21T09:00:00+08:00',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await contribute(merchant.id, { kind: 'booth', description: '便民服务区摊位', quality: 4 })).statusCode,
    ).toBe(201);
    let rating = (await t.app.inject({ method: 'GET', url: `/api/merchants/${merchant.id}/rating` })).json();
    expect(rating).toMatchObject({
      stars: 0,
      basis: { count: 2, averageQuality: 4.5 },
      explanation: '近12个月参与社区服务2次，平均质量4.5分，满3次后评星',
    });
    await contribute(merchant.id, {
      kind: 'service',
      description: '重阳节送饺子',
      quality: 5,
      occurredAt: '2026-10-29T09:00:00+08:00',
    });
    rating = (await t.app.inject({ method: 'GET', url: `/api/merchants/${merchant.id}/rating` })).json();
    expect(rating).toMatchObject({
      stars: 3,
      basis: { count: 3, averageQuality: 4.7 },
      explanation: '近12个月参与社区服务3次，平均质量4.7分 → ★★★',
    });

    const mine = (
      await t.app.inject({
        method: 'GET',
        url: `/api/merchants/${merchant.id}/contributions`,
        headers: { cookie: merchant.cookie },
      })
    ).json();
    expect(mine.map((c: { kindLabel: string }) => c.kindLabel)).toEqual(['赞助活动', '便民摊位', '便民服务']);
    expect(mine[0].activity).toEqual({ id: festival.id, title: '社区邻里节' });
    const activity = (await t.app.inject({ method: 'GET', url: `/api/public/activities/${festival.id}` })).json();
    expect(activity.sponsors).toEqual([
      expect.objectContaining({ merchantId: merchant.id, name: '红玉祥食品厂', kind: 'sponsorship' }),
    ]);
  });

  it('counts an automatic contribution (a donation) once staff have marked its quality', async () => {
    const merchant = await buildMerchant(t.deps, community.id);
    const id = await t.db.transaction().execute(
      async (trx) =>
        (
          await trx
            .insertInto('merchant_contributions')
            .values({
              merchant_id: merchant.id,
              kind: 'donation',
              ref_type: 'shop_donation',
              ref_id: '1',
              description: '捐赠热水壶',
              quality: null,
              occurred_at: '2026-11-01T02:00:00.000Z',
              recorded_by: null,
              created_at: '2026-11-01T02:00:00.000Z',
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
    );
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/merchants/${merchant.id}/rating` })).json().basis.count,
    ).toBe(0);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/merchant-contributions/${id}`,
          headers: { cookie: staffCookie },
          payload: { quality: 4 },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/merchants/${merchant.id}/rating` })).json().basis,
    ).toMatchObject({ count: 1, averageQuality: 4 });
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/merchant-contributions/${id}`,
          headers: { cookie: otherStaffCookie },
          payload: { quality: 1 },
        })
      ).statusCode,
    ).toBe(403);
  });

  it.each([
    ['quality 0', { quality: 0 }, 'quality'],
    ['quality 6', { quality: 6 }, 'quality'],
    ['fractional quality', { quality: 4.5 }, 'quality'],
    ['a contribution in the future', { occurredAt: '2026-12-25T10:00:00+08:00' }, 'occurredAt'],
    ['an unknown activity', { activityId: 999_999 }, 'activityId'],
    ['an unknown kind', { kind: 'bribe' }, 'kind'],
    ["another community's activity", { activityId: -1 }, 'activityId'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_label, patch, field) => {
    const merchant = await buildMerchant(t.deps, community.id);
    const before = await contributionCount();
    const body = { ...patch } as Record<string, unknown>;
    if (body.activityId === -1) body.activityId = (await buildActivity(t.deps, { communityId: other.id })).id;
    const response = await contribute(merchant.id, body);
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toContain(field);
    expect(await contributionCount()).toBe(before);
  });

  it('keeps contributions to the merchant itself and its community staff', async () => {
    const a = await merchantWithLogin();
    const b = await merchantWithLogin();
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/merchants/${b.id}/contributions`,
          headers: { cookie: a.cookie },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/merchants/${b.id}/voucher-statement?month=2026-11`,
          headers: { cookie: a.cookie },
        })
      ).statusCode,
    ).toBe(403);
    expect((await contribute(a.id, {}, otherStaffCookie)).statusCode).toBe(403);
    expect((await contribute(a.id, {}, a.cookie)).statusCode).toBe(403);
  });

  it('re-rates monthly and keeps the history for the trend', async () => {
    const merchant = await merchantWithLogin();
    for (const occurredAt of [
      '2026-09-10T10:00:00+08:00',
      '2026-09-20T10:00:00+08:00',
      '2026-10-05T10:00:00+08:00',
      '2026-11-10T10:00:00+08:00',
    ]) {
      await contribute(merchant.id, { occurredAt, quality: 4 });
    }
    for (const month of ['2026-10', '2026-11']) await rerateMonth(t.deps, month);
    await rerateMonth(t.deps, '2026-11'); // again: nothing changes
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/api/merchants/${merchant.id}/rating/history`,
        headers: { cookie: merchant.cookie },
      })
    ).json();
    expect(history).toEqual([
      expect.objectContaining({ month: '2026-11', stars: 3, contributions: 3 }),
      expect.objectContaining({ month: '2026-10', stars: 0, contributions: 2 }),
    ]);
  });
});

describe('the public merchant wall', () => {
  it('shows the party-alliance badge, stars and contribution counts without amounts or personal data', async () => {
    const badge = await buildMerchant(t.deps, other.id, { name: '福悦来大药房', partyAlliance: true });
    const rated = await buildMerchant(t.deps, other.id, { name: '佳洁口腔门诊' });
    const otherCookie = otherStaffCookie;
    for (let i = 0; i < 6; i++)
      await contribute(rated.id, { quality: 5, occurredAt: `2026-11-0${i + 1}T10:00:00+08:00` }, otherCookie);
    const wall = (await t.app.inject({ method: 'GET', url: `/api/public/merchants?communityId=${other.id}` })).json();
    expect(wall.find((m: { id: number }) => m.id === badge.id)).toMatchObject({ partyAlliance: true, stars: 0 });
    expect(wall.find((m: { id: number }) => m.id === rated.id)).toMatchObject({
      partyAlliance: false,
      stars: 4,
      contributions: 6,
      contributionsByKind: { 便民服务: 6 },
    });
    expect(JSON.stringify(wall)).not.toMatch(/estimated|fen|phone/i);
    const page = (await t.app.inject({ method: 'GET', url: `/api/public/merchants/${rated.id}` })).json();
    expect(page).toMatchObject({
      name: '佳洁口腔门诊',
      stars: 4,
      explanation: '近12个月参与社区服务6次，平均质量5.0分 → ★★★★',
    });
  });
});

describe("merchants' requests (商户诉求)", () => {
  it('goes open → in progress → resolved with a response the merchant sees; overdue after three working days', async () => {
    const merchant = await merchantWithLogin({ name: '老街面馆' });
    const raised = await t.app.inject({
      method: 'POST',
      url: `/api/merchants/${merchant.id}/requests`,
      headers: { cookie: merchant.cookie },
      payload: { title: '门前路灯坏了', description: '晚上顾客看不清台阶，已经两周了。' },
    });
    expect(raised.statusCode).toBe(201);
    const id = raised.json().id;
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/merchants/${merchant.id}/requests`,
          headers: { cookie: staffCookie },
          payload: { title: 'x', description: 'y' },
        })
      ).statusCode,
    ).toBe(403);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/merchants/${merchant.id}/requests`,
      headers: { cookie: merchant.cookie },
      payload: { title: 'x', description: 'y', photoIds: [5, 5] },
    });
    expect(twice.statusCode).toBe(400);
    expect(errorFields(twice)).toEqual(['photoIds']);
    t.clock.set('2026-12-02T02:00:00.000Z'); // raised on a Saturday; Wednesday is the third working day after
    let queue = (
      await t.app.inject({ method: 'GET', url: '/api/merchant-requests?status=open', headers: { cookie: staffCookie } })
    ).json();
    expect(queue.find((r: { id: number }) => r.id === id)).toMatchObject({ ageWorkingDays: 3, overdue: false });
    t.clock.set('2026-12-03T02:00:00.000Z'); // Thursday: four
    queue = (
      await t.app.inject({ method: 'GET', url: '/api/merchant-requests', headers: { cookie: staffCookie } })
    ).json();
    expect(queue.find((r: { id: number }) => r.id === id)).toMatchObject({ ageWorkingDays: 4, overdue: true });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/merchant-requests', headers: { cookie: otherStaffCookie } }))
        .json()
        .some((r: { id: number }) => r.id === id),
    ).toBe(false);

    const noAnswer = await t.app.inject({
      method: 'PATCH',
      url: `/api/merchant-requests/${id}`,
      headers: { cookie: staffCookie },
      payload: { status: 'resolved' },
    });
    expect(errorFields(noAnswer)).toEqual(['response']);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/merchant-requests/${id}`,
          headers: { cookie: staffCookie },
          payload: { status: 'in_progress' },
        })
      ).json(),
    ).toMatchObject({ status: 'in_progress' });
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/merchant-requests/${id}`,
          headers: { cookie: otherStaffCookie },
          payload: { status: 'resolved', response: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    const resolved = await t.app.inject({
      method: 'PATCH',
      url: `/api/merchant-requests/${id}`,
      headers: { cookie: staffCookie },
      payload: { status: 'resolved', response: '已联系供电所，周五前修好。' },
    });
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      response: '已联系供电所，周五前修好。',
      overdue: false,
    });
    expect(
      errorCode(
        await t.app.inject({
          method: 'PATCH',
          url: `/api/merchant-requests/${id}`,
          headers: { cookie: staffCookie },
          payload: { status: 'in_progress' },
        }),
      ),
    ).toBe('INVALID_STATE');
    const seen = (
      await t.app.inject({
        method: 'GET',
        url: `/api/merchants/${merchant.id}/requests`,
        headers: { cookie: merchant.cookie },
      })
    ).json();
    expect(seen).toEqual([expect.objectContaining({ id, status: 'resolved', response: '已联系供电所，周五前修好。' })]);
    const stranger = await merchantWithLogin();
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/merchants/${merchant.id}/requests`,
          headers: { cookie: stranger.cookie },
        })
      ).statusCode,
    ).toBe(403);
    t.clock.set('2026-11-28T02:00:00.000Z');
  });
});
