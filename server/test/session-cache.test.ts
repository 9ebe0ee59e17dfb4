import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { SESSION_CACHE_MS } from '../src/modules/accounts/index.js';
import type { AppDeps } from '../src/platform/deps.js';
import { createTestApp, errorCode, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildStaff } from './support/factories.js';

/**
 * The session lookup is kept per instance for at most SESSION_CACHE_MS (accounts/sessions.ts). Two
 * instances here are two apps over the same database, each with its own deps (the cache is per deps,
 * as it is per process in production): a disable or a sign-out takes effect at once on the instance
 * that did it and within the bound on the other. The "still accepted" checks inside the bound prove
 * the other instance really answers from its cache (without one they would fail), so the wait after
 * them is what is being tested.
 */
let a: TestApp;
let b: FastifyInstance;
let bDeps: AppDeps;
beforeAll(async () => {
  a = await createTestApp();
  bDeps = { ...a.deps };
  b = await buildApp(bDeps, { strictResponses: true });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const me = (app: FastifyInstance, cookie: string) => app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
/** Past the bound, with a margin for a loaded machine's timers. */
const waitOutTheBound = () => sleep(SESSION_CACHE_MS + 300);

describe('session cache: bounded on every instance, immediate on the one that made the change', () => {
  it('the bound is at most two seconds', () => {
    expect(SESSION_CACHE_MS).toBeLessThanOrEqual(2_000);
  });

  it('a disabled account is refused at once on the instance that disabled it, and after the bound on the other', async () => {
    const community = await buildCommunity(a.deps);
    const admin = await buildCenterAdmin(a.deps);
    const staff = await buildStaff(a.deps, community.id);
    const adminCookie = await signIn(a.app, admin.phone);
    const staffCookie = await signIn(a.app, staff.phone);
    // Both instances have the session cached.
    expect((await me(a.app, staffCookie)).statusCode).toBe(200);
    expect((await me(b, staffCookie)).statusCode).toBe(200);

    const disabled = await a.app.inject({
      method: 'POST',
      url: `/api/users/${staff.id}/disable`,
      headers: { cookie: adminCookie },
    });
    expect(disabled.statusCode).toBe(204);
    const startedAt = performance.now();

    const onA = await me(a.app, staffCookie);
    expect(onA.statusCode).toBe(403);
    expect(errorCode(onA)).toBe('ACCOUNT_DISABLED');
    // B answers from its cache inside the bound (proof the cache is there) …
    const early = await me(b, staffCookie);
    if (performance.now() - startedAt < SESSION_CACHE_MS) expect(early.statusCode).toBe(200);
    // … and refuses once the bound has passed.
    await waitOutTheBound();
    const onB = await me(b, staffCookie);
    expect(onB.statusCode).toBe(403);
    expect(errorCode(onB)).toBe('ACCOUNT_DISABLED');
    // A write is refused too, not only the read.
    const award = await b.inject({
      method: 'POST',
      url: '/api/points/awards',
      headers: { cookie: staffCookie },
      payload: { residentId: 1, ruleId: 1 },
    });
    expect(award.statusCode).toBe(403);
    expect(errorCode(award)).toBe('ACCOUNT_DISABLED');
  }, 60_000); // three argon2 sign-ins and a wait past the bound: slow on a shared machine

  it('signing out on one instance ends the session there at once and on the other after the bound', async () => {
    const community = await buildCommunity(a.deps);
    const staff = await buildStaff(a.deps, community.id);
    const cookie = await signIn(a.app, staff.phone);
    expect((await me(a.app, cookie)).statusCode).toBe(200);
    expect((await me(b, cookie)).statusCode).toBe(200);

    const out = await b.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBeLessThan(300);
    const startedAt = performance.now();
    expect((await me(b, cookie)).statusCode).toBe(401);
    const early = await me(a.app, cookie);
    if (performance.now() - startedAt < SESSION_CACHE_MS) expect(early.statusCode).toBe(200);
    await waitOutTheBound();
    expect((await me(a.app, cookie)).statusCode).toBe(401);
  }, 60_000);

  it('a session past its expiry by the clock is refused at once, cached or not', async () => {
    const community = await buildCommunity(a.deps);
    const staff = await buildStaff(a.deps, community.id);
    const cookie = await signIn(a.app, staff.phone);
    expect((await me(a.app, cookie)).statusCode).toBe(200);
    const before = a.clock.now();
    try {
      a.clock.set(new Date(before.getTime() + 31 * 24 * 60 * 60 * 1000));
      expect((await me(a.app, cookie)).statusCode).toBe(401);
    } finally {
      a.clock.set(before);
    }
  });
});
