import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSetupStatus } from '@zhongli/domain';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildPointsRules,
  buildService,
  buildShopItem,
  buildStaff,
} from './support/factories.js';

// An empty install: no public address yet, no community.
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp({ publicUrl: null });
  admin = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
});
afterAll(() => t.close());

async function status(): Promise<TSetupStatus> {
  const res = await t.app.inject({ method: 'GET', url: '/api/setup/status', headers: { cookie: admin } });
  expect(res.statusCode).toBe(200);
  return res.json();
}
const step = (s: TSetupStatus, name: string) => s.steps.find((x) => x.step === name);
const done = (s: TSetupStatus) => s.steps.filter((x) => x.done).map((x) => x.step);

describe('GET /api/setup/status (开通向导)', () => {
  it('an empty install has every step to do', async () => {
    const s = await status();
    expect(s.steps.map((x) => x.step)).toEqual([
      'center',
      'communities',
      'accounts',
      'pointsRules',
      'shop',
      'services',
      'menu',
    ]);
    expect(done(s)).toEqual([]);
    expect(s.complete).toBe(false);
  });

  it('ticks each step as the center creates its parts, naming communities still missing theirs', async () => {
    const post = (url: string, payload: object, method: 'POST' | 'PATCH' = 'POST') =>
      t.app.inject({ method, url, headers: { cookie: admin }, payload });

    expect((await post('/api/center', { publicUrl: 'https://center.example' }, 'PATCH')).statusCode).toBe(200);
    expect(done(await status())).toEqual(['center']);

    const east = (await post('/api/communities', { name: '东城社区' })).json<{ id: number }>();
    let s = await status();
    expect(step(s, 'communities')).toEqual({ step: 'communities', done: false, missing: ['东城社区'] });
    expect(step(s, 'accounts')?.missing).toEqual(['东城社区']);

    expect((await post(`/api/communities/${east.id}/venues`, { name: '排练厅' })).statusCode).toBe(201);
    expect(done(await status())).toEqual(['center', 'communities']);

    const staff = await post('/api/users', {
      name: '东城社工',
      phone: '13811112222',
      password: 'new-password-1',
      roles: [{ role: 'community_staff', communityId: east.id }],
    });
    expect(staff.statusCode).toBe(201);
    expect(done(await status())).toEqual(['center', 'communities', 'accounts']);

    await buildPointsRules(t.deps, east.id, [{ code: 'ACT', name: '参加活动', category: '活动参与', points: 3 }]);
    expect(done(await status())).toContain('pointsRules');

    await buildShopItem(t.deps, east.id);
    await buildService(t.deps, { communityId: east.id });
    s = await status();
    expect(done(s)).toEqual(['center', 'communities', 'accounts', 'pointsRules', 'shop', 'services']);

    // a draft is not a week sent to the center; a submitted one is
    await buildActivity(t.deps, { communityId: east.id, status: 'draft' });
    expect(step(await status(), 'menu')?.done).toBe(false);
    await buildActivity(t.deps, { communityId: east.id, status: 'submitted' });
    expect((await status()).complete).toBe(true);

    // a second community starts the per-community steps over, naming it
    await post('/api/communities', { name: '西城社区' });
    s = await status();
    expect(s.complete).toBe(false);
    expect(step(s, 'communities')?.missing).toEqual(['西城社区']);
    expect(step(s, 'pointsRules')?.missing).toEqual(['西城社区']);
  });

  it('is the center admin’s: community staff are refused', async () => {
    const communityId = (await t.db.selectFrom('communities').select('id').executeTakeFirstOrThrow()).id;
    const staff = await signIn(t.app, (await buildStaff(t.deps, communityId)).phone);
    const res = await t.app.inject({ method: 'GET', url: '/api/setup/status', headers: { cookie: staff } });
    expect(res.statusCode).toBe(403);
  });
});
