import type { Response as LightMyRequestResponse } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildResident, buildStaff } from './support/factories.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
});
afterAll(() => t.close());

const as = (
  cookie: string | undefined,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload }) });

const publicIds = async () =>
  ((await as(undefined, 'GET', '/api/public/communities')).json() as { id: number }[]).map((c) => c.id);
const auditOf = async (type: string, id: number) =>
  (
    await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', type)
      .where('target_id', '=', String(id))
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

describe('communities: rename and archive', () => {
  it('renames a community (center only), audited', async () => {
    const community = await buildCommunity(t.deps, '旧名社区');
    const staff = await buildStaff(t.deps, community.id);
    expect(
      (await as(await signIn(t.app, staff.phone), 'PATCH', `/api/communities/${community.id}`, { name: '新名' }))
        .statusCode,
    ).toBe(403);
    expect((await as(admin, 'PATCH', `/api/communities/${community.id}`, { name: '新名社区' })).statusCode).toBe(204);
    const listed = (await as(undefined, 'GET', '/api/public/communities')).json() as { id: number; name: string }[];
    expect(listed.find((c) => c.id === community.id)?.name).toBe('新名社区');
    expect((await as(admin, 'PATCH', `/api/communities/${community.id}`, {})).statusCode).toBe(400);
    expect(await auditOf('community', community.id)).toEqual(['community.update']);
  });

  it('refuses to archive a community that still has residents or accounts, saying how many; archives an empty one out of every list, keeping its residents’ history', async () => {
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const resident = await buildResident(t.deps, { communityId: community.id });
    const refused = await as(admin, 'POST', `/api/communities/${community.id}/archive`);
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe('COMMUNITY_IN_USE');
    expect(refused.json().error).toMatchObject({ residents: 1, accounts: 1, services: 0 });
    expect(await publicIds()).toContain(community.id);

    await as(admin, 'POST', `/api/residents/${resident.id}/archive`, { reason: 'moved', date: '2026-11-27' });
    await as(admin, 'POST', `/api/users/${staff.id}/disable`);
    expect((await as(admin, 'POST', `/api/communities/${community.id}/archive`)).statusCode).toBe(204);
    expect(await publicIds()).not.toContain(community.id);
    // Nothing new can be registered there; the archived resident's record still reads.
    const register = await as(admin, 'POST', '/api/residents', {
      name: '新居民',
      communityId: community.id,
      birthDate: '1950-01-01',
    });
    expect(errorFields(register)).toEqual(['communityId']);
    expect((await as(admin, 'GET', `/api/residents/${resident.id}`)).json()).toMatchObject({
      communityId: community.id,
    });
    expect(errorCode(await as(admin, 'POST', `/api/communities/${community.id}/archive`))).toBe('ALREADY_ARCHIVED');
    expect(await auditOf('community', community.id)).toEqual(['community.archive']);
  });
});

describe('communities: restore', () => {
  it('lists archived communities for the center and restores one into every list; staff may not; restoring twice is NOT_ARCHIVED', async () => {
    const community = await buildCommunity(t.deps, '待恢复社区');
    const staff = await signIn(t.app, (await buildStaff(t.deps, (await buildCommunity(t.deps)).id)).phone);
    expect((await as(admin, 'POST', `/api/communities/${community.id}/archive`)).statusCode).toBe(204);
    const archived = (await as(admin, 'GET', '/api/communities/archived')).json() as { id: number; name: string }[];
    expect(archived.find((c) => c.id === community.id)).toMatchObject({ name: '待恢复社区' });
    expect((await as(staff, 'GET', '/api/communities/archived')).statusCode).toBe(403);
    expect((await as(staff, 'POST', `/api/communities/${community.id}/unarchive`)).statusCode).toBe(403);
    expect(await publicIds()).not.toContain(community.id);

    expect((await as(admin, 'POST', `/api/communities/${community.id}/unarchive`)).statusCode).toBe(204);
    expect(await publicIds()).toContain(community.id);
    expect(
      ((await as(admin, 'GET', '/api/communities/archived')).json() as { id: number }[]).map((c) => c.id),
    ).not.toContain(community.id);
    // in use again: a resident can be registered there
    const register = await as(admin, 'POST', '/api/residents', {
      name: '回迁居民',
      communityId: community.id,
      birthDate: '1950-01-01',
    });
    expect(register.statusCode, register.body).toBe(201);
    expect(errorCode(await as(admin, 'POST', `/api/communities/${community.id}/unarchive`))).toBe('NOT_ARCHIVED');
    expect(await auditOf('community', community.id)).toEqual(['community.archive', 'community.unarchive']);
  });
});

describe('venues: rename, address, archive', () => {
  it("edits a venue and archives it out of the picker (still listed with withArchived=1); another community's staff may not", async () => {
    const community = await buildCommunity(t.deps);
    const staff = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
    const other = await signIn(t.app, (await buildStaff(t.deps, (await buildCommunity(t.deps)).id)).phone);
    const venue = (await as(staff, 'POST', `/api/communities/${community.id}/venues`, { name: '活动室' })).json() as {
      id: number;
    };
    expect((await as(other, 'PATCH', `/api/venues/${venue.id}`, { name: '别人的' })).statusCode).toBe(403);
    expect(
      (await as(staff, 'PATCH', `/api/venues/${venue.id}`, { name: '多功能活动室', address: '文化路 8 号' }))
        .statusCode,
    ).toBe(204);
    expect(new Set(errorFields(await as(staff, 'PATCH', `/api/venues/${venue.id}`, { name: '' })))).toEqual(
      new Set(['name']),
    );
    expect((await as(other, 'POST', `/api/venues/${venue.id}/archive`)).statusCode).toBe(403);
    expect((await as(staff, 'POST', `/api/venues/${venue.id}/archive`)).statusCode).toBe(204);
    expect((await as(staff, 'GET', `/api/communities/${community.id}/venues`)).json()).toEqual([]);
    expect((await as(staff, 'GET', `/api/communities/${community.id}/venues?withArchived=1`)).json()).toEqual([
      { id: venue.id, name: '多功能活动室', address: '文化路 8 号', archived: true },
    ]);
    expect(await auditOf('venue', venue.id)).toEqual(['venue.create', 'venue.update', 'venue.archive']);
  });

  it("restores an archived venue into the picker; another community's staff may not", async () => {
    const community = await buildCommunity(t.deps);
    const staff = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
    const other = await signIn(t.app, (await buildStaff(t.deps, (await buildCommunity(t.deps)).id)).phone);
    const venue = (await as(staff, 'POST', `/api/communities/${community.id}/venues`, { name: '阅览室' })).json() as {
      id: number;
    };
    expect(errorCode(await as(staff, 'POST', `/api/venues/${venue.id}/unarchive`))).toBe('NOT_ARCHIVED');
    await as(staff, 'POST', `/api/venues/${venue.id}/archive`);
    expect((await as(other, 'POST', `/api/venues/${venue.id}/unarchive`)).statusCode).toBe(403);
    expect((await as(staff, 'GET', `/api/communities/${community.id}/venues`)).json()).toEqual([]);
    expect((await as(admin, 'POST', `/api/venues/${venue.id}/unarchive`)).statusCode).toBe(204);
    expect((await as(staff, 'GET', `/api/communities/${community.id}/venues`)).json()).toEqual([
      { id: venue.id, name: '阅览室', address: null, archived: false },
    ]);
    expect(await auditOf('venue', venue.id)).toEqual(['venue.create', 'venue.archive', 'venue.unarchive']);
  });
});
