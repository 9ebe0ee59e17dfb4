import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, TEST_PUBLIC_URL, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildMerchant, buildStaff } from './support/factories.js';

let t: TestApp;
let adminCookie: string;
beforeAll(async () => {
  t = await createTestApp();
  adminCookie = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
});
afterAll(() => t.close());

describe('communities and venues', () => {
  it('lets the center create communities, listed publicly; duplicates are 409', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie: adminCookie },
      payload: { name: '东城社区' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: '东城社区' });
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie: adminCookie },
      payload: { name: '东城社区' },
    });
    expect(duplicate.statusCode).toBe(409);
    const list = await t.app.inject({ method: 'GET', url: '/api/public/communities' });
    expect(list.json()).toContainEqual({ id: created.json().id, name: '东城社区' });
  });

  it('refuses community creation by community staff and venues in another community', async () => {
    const mine = await buildCommunity(t.deps);
    const theirs = await buildCommunity(t.deps);
    const staffCookie = await signIn(t.app, (await buildStaff(t.deps, mine.id)).phone);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/communities',
          headers: { cookie: staffCookie },
          payload: { name: '自建社区' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/communities/${mine.id}/venues`,
          headers: { cookie: staffCookie },
          payload: { name: '排练厅', address: '二楼' },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/communities/${theirs.id}/venues`,
          headers: { cookie: staffCookie },
          payload: { name: '排练厅' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/communities/${mine.id}/venues`,
          headers: { cookie: staffCookie },
          payload: { name: '排练厅' },
        })
      ).statusCode,
    ).toBe(409);
    const venues = await t.app.inject({
      method: 'GET',
      url: `/api/communities/${mine.id}/venues`,
      headers: { cookie: staffCookie },
    });
    expect(venues.json()).toEqual([expect.objectContaining({ name: '排练厅', address: '二楼' })]);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/communities/424242/venues', headers: { cookie: adminCookie } }))
        .statusCode,
    ).toBe(404);
  });

  it('tells the public the center name and its public address', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/public/center' })).json()).toEqual({
      name: '测试县社区服务中心',
      publicUrl: TEST_PUBLIC_URL,
      publicUrlSource: 'center',
    });
  });
});

describe('the merchant registry', () => {
  it('registers and edits merchants in scope, with the party-alliance flag, and shows no personal data publicly', async () => {
    const community = await buildCommunity(t.deps);
    const other = await buildCommunity(t.deps);
    const staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/merchants',
      headers: { cookie: staffCookie },
      payload: {
        name: '福悦来大药房',
        communityId: community.id,
        address: '太风东街28号',
        category: '医药',
        partyAlliance: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/merchants/${id}`,
      headers: { cookie: staffCookie },
      payload: { partyAlliance: false, address: '太风东街30号' },
    });
    expect(patched.json()).toMatchObject({ id, partyAlliance: false, address: '太风东街30号' });
    const foreign = await buildMerchant(t.deps, other.id);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/merchants/${foreign.id}`,
          headers: { cookie: staffCookie },
          payload: { partyAlliance: true },
        })
      ).statusCode,
    ).toBe(403);
    const foreignCreate = await t.app.inject({
      method: 'POST',
      url: '/api/merchants',
      headers: { cookie: staffCookie },
      payload: { name: 'x', communityId: other.id, address: 'y', category: '其他' },
    });
    expect(foreignCreate.statusCode).toBe(403);
    const badFlag = await t.app.inject({
      method: 'POST',
      url: '/api/merchants',
      headers: { cookie: staffCookie },
      payload: { name: 'x', communityId: community.id, address: 'y', category: '其他', partyAlliance: 'yes' },
    });
    expect(badFlag.statusCode).toBe(400);
    expect(badFlag.json().error.details[0].field).toBe('partyAlliance');

    const mine = await t.app.inject({ method: 'GET', url: '/api/merchants', headers: { cookie: staffCookie } });
    expect(mine.json().map((m: { id: number }) => m.id)).toEqual([id]);
    const wall = await t.app.inject({ method: 'GET', url: `/api/public/merchants?communityId=${community.id}` });
    expect(wall.json()).toEqual([
      {
        id,
        communityId: community.id,
        name: '福悦来大药房',
        category: '医药',
        partyAlliance: false,
        stars: 0,
        explanation: '近12个月参与社区服务0次，满3次后评星',
        contributions: 0,
        contributionsByKind: {},
        activities: [],
      },
    ]);
  });

  it('answers unknown merchants with 404', async () => {
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/merchants/999999',
      headers: { cookie: adminCookie },
      payload: { name: '无' },
    });
    expect(response.statusCode).toBe(404);
    expect(errorCode(response)).toBe('NOT_FOUND');
  });
});
