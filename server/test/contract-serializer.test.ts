import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity } from './support/factories.js';

// The production writer (fast-json-stringify from each route's schema) and strict mode (zod) must
// answer the same bytes: strict mode compares them on every response of every test; this file also
// builds the production app itself and asks it the same questions.
let t: TestApp;
let production: Awaited<ReturnType<typeof buildApp>>;
let cookie: string;
beforeAll(async () => {
  t = await createTestApp();
  production = await buildApp(t.deps, { strictResponses: false });
  await production.ready();
  const admin = await buildCenterAdmin(t.deps);
  const community = await buildCommunity(t.deps, '写出社区');
  await t.db
    .insertInto('venues')
    .values({ community_id: community.id, name: '活动室', address: null, created_at: t.clock.now().toISOString() })
    .execute();
  cookie = await signIn(t.app, admin.phone);
});
afterAll(async () => {
  await production?.close();
  await t?.close();
});

describe('the production writer', () => {
  it('compiles a writer for every route and answers what strict mode answers', async () => {
    for (const url of ['/api/public/communities', '/api/public/center', '/api/me']) {
      const strict = await t.app.inject({ url, headers: { cookie } });
      const fast = await production.inject({ url, headers: { cookie } });
      expect(strict.statusCode, url).toBe(200);
      expect(JSON.parse(fast.body), url).toEqual(JSON.parse(strict.body));
    }
  });
});
