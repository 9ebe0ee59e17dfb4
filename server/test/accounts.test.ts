import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, cookieHeader, errorCode, signIn, TEST_PASSWORD, type TestApp } from './support/app.js';
import {
  buildCenterAdmin,
  buildCommunity,
  buildMerchant,
  buildResident,
  buildStaff,
  buildUser,
} from './support/factories.js';
import { ADDRESS_THROTTLE, KNOWN_DEVICE_THROTTLE, PHONE_THROTTLE } from '@zhongli/domain';
import { sweepSignIns } from '../src/modules/accounts/index.js';
import { buildApp } from '../src/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (phone: string, password: string, remoteAddress = '10.1.1.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password }, remoteAddress });

describe('sign-in', () => {
  it('signs in with phone and password and sets an HttpOnly SameSite=Lax cookie', async () => {
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const response = await login(`+86 ${staff.phone}`, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({
      id: staff.id,
      roles: [{ role: 'community_staff', communityId: community.id }],
    });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: cookieHeader(response) } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      id: staff.id,
      phoneMasked: `${staff.phone.slice(0, 3)}****${staff.phone.slice(7)}`,
    });
    expect(JSON.stringify(me.json())).not.toContain(staff.phone);
  });

  it('answers an unknown phone and a wrong password the same way', async () => {
    const user = await buildCenterAdmin(t.deps);
    const wrong = await login(user.phone, 'not-the-password', '10.2.0.1');
    const unknown = await login('13312345678', 'not-the-password', '10.2.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(errorCode(wrong)).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a resident registered at the desk without a password', async () => {
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const cookie = await signIn(t.app, staff.phone);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/residents',
      headers: { cookie },
      payload: { name: '赵秀英', communityId: community.id, phone: '13512340001', birthDate: '1950-01-01' },
    });
    expect(created.statusCode).toBe(201);
    expect((await login('13512340001', '')).statusCode).toBe(400);
    expect((await login('13512340001', 'anything-at-all')).statusCode).toBe(401);
  });

  it('rejects wrong types in the credentials with 400, never 5xx', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: 13800000000, password: ['x'] },
    });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('VALIDATION_FAILED');
  });
});

describe('sessions', () => {
  it('sets the session cookie HttpOnly, SameSite=Lax, for the whole site and the device cookie HttpOnly, SameSite=Strict, for sign-in only; Secure only when configured', async () => {
    const user = await buildCenterAdmin(t.deps);
    const secureApp = await buildApp({ ...t.deps, config: { ...t.deps.config, cookieSecure: true } });
    try {
      for (const [app, secure] of [
        [t.app, false],
        [secureApp, true],
      ] as const) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { phone: user.phone, password: TEST_PASSWORD },
        });
        expect(response.statusCode).toBe(200);
        const byName = Object.fromEntries(response.cookies.map((c) => [c.name, c]));
        expect(byName.zl_session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
        expect(byName.zl_session?.secure ?? false).toBe(secure);
        expect(byName.zl_session?.maxAge).toBe(30 * 24 * 60 * 60);
        expect(byName.zl_device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
        expect(byName.zl_device?.secure ?? false).toBe(secure);
      }
    } finally {
      await secureApp.close();
    }
  });

  it('logs out: the session row is deleted and the cookie cleared', async () => {
    const user = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, user.phone);
    const sessionsOf = async () =>
      (await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).length;
    expect(await sessionsOf()).toBe(1);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'zl_session')).toMatchObject({ value: '' });
    expect(await sessionsOf()).toBe(0);
    // Logging out again with the old cookie is refused: it names no session any more.
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(401);
  });

  it('logs out: the cookie stops working', async () => {
    const user = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, user.phone);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(errorCode(me)).toBe('UNAUTHENTICATED');
  });

  it('lives in the database: a second app instance on the same database accepts the cookie', async () => {
    const user = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, user.phone);
    const { buildApp } = await import('../src/app.js');
    const second = await buildApp(t.deps);
    const me = await second.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    await second.close();
    expect(me.statusCode).toBe(200);
  });

  it('refuses a forged or unsigned cookie and an expired session', async () => {
    const user = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, user.phone);
    const forged = cookie.replace(/=(.)/, (_m, c: string) => `=${c === 'a' ? 'b' : 'a'}`);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: forged } })).statusCode).toBe(401);
    t.clock.advance(31 * 24 * 60 * 60 * 1000);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('changes the password, signs out other devices, and refuses a wrong current password', async () => {
    const user = await buildCenterAdmin(t.deps);
    const phoneA = await signIn(t.app, user.phone);
    const phoneB = await signIn(t.app, user.phone);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: phoneA },
      payload: { currentPassword: 'nope', newPassword: 'new-password-2' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorCode(wrong)).toBe('WRONG_PASSWORD');
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: phoneA },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    expect(short.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: phoneA },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'new-password-2' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: phoneA } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: phoneB } })).statusCode).toBe(401);
    // In SQL: only the session that changed the password is left.
    const left = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(left).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: phoneA } })).statusCode).toBe(200);
    expect((await login(user.phone, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(user.phone, 'new-password-2')).statusCode).toBe(200);
  });

  it('sweeps throttle counters after the longest quiet spell (not a millisecond before), devices unused for a year and expired sessions, keeping live ones', async () => {
    const user = await buildCenterAdmin(t.deps);
    const countersAt = async (...addresses: string[]) =>
      (
        await t.db
          .selectFrom('login_throttle')
          .select('key')
          .where(
            'key',
            'in',
            addresses.map((a) => `ip:${a}`),
          )
          .execute()
      )
        .map((r) => r.key)
        .sort();
    const count = async (table: 'sessions' | 'known_devices') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('user_id', '=', user.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const forgetAfterMs = Math.max(
      PHONE_THROTTLE.forgetAfterMs,
      ADDRESS_THROTTLE.forgetAfterMs,
      KNOWN_DEVICE_THROTTLE.forgetAfterMs,
    );

    expect((await login(user.phone, 'wrong-password', '10.5.0.1')).statusCode).toBe(401);
    t.clock.advance(1);
    expect((await login(user.phone, 'wrong-password', '10.5.0.2')).statusCode).toBe(401);
    t.clock.advance(forgetAfterMs - 1); // the first counter is now exactly that old, the second 1 ms less
    await sweepSignIns(t.deps);
    expect(await countersAt('10.5.0.1', '10.5.0.2')).toEqual(['ip:10.5.0.2']);

    const oldLogin = await login(user.phone, TEST_PASSWORD, '10.5.0.3');
    const old = cookieHeader(oldLogin);
    t.clock.advance(29 * 24 * 60 * 60 * 1000);
    const fresh = await signIn(t.app, user.phone);
    t.clock.advance(24 * 60 * 60 * 1000 + 1000); // the first session has expired, the second has not
    await sweepSignIns(t.deps);
    expect(await count('sessions')).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: fresh } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: old } })).statusCode).toBe(401);

    expect(await count('known_devices')).toBe(2); // the two browsers that signed in
    t.clock.advance(365 * 24 * 60 * 60 * 1000 - 30 * 24 * 60 * 60 * 1000 - 1000); // a year after the first, not the second
    await sweepSignIns(t.deps);
    expect(await count('known_devices')).toBe(1);
  });
});

describe('cross-site requests', () => {
  it('refuses state-changing requests from another site (Origin or Sec-Fetch-Site) with 403 CSRF_REJECTED', async () => {
    const user = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, user.phone);
    const before = await t.db
      .selectFrom('communities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const byOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie, origin: 'https://evil.example', host: 'zhongli.local' },
      payload: { name: '跨站社区' },
    });
    expect(byOrigin.statusCode).toBe(403);
    expect(errorCode(byOrigin)).toBe('CSRF_REJECTED');
    const byFetchSite = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
      payload: { name: '跨站社区' },
    });
    expect(errorCode(byFetchSite)).toBe('CSRF_REJECTED');
    const after = await t.db
      .selectFrom('communities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const sameOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie, origin: 'http://zhongli.local', host: 'zhongli.local', 'sec-fetch-site': 'same-origin' },
      payload: { name: '同站社区' },
    });
    expect(sameOrigin.statusCode).toBe(201);
  });
});

describe('accounts', () => {
  it('lets the center create any role and community staff only volunteers and merchants in scope', async () => {
    const community = await buildCommunity(t.deps);
    const otherCommunity = await buildCommunity(t.deps);
    const merchant = await buildMerchant(t.deps, community.id);
    const foreignMerchant = await buildMerchant(t.deps, otherCommunity.id);
    const admin = await buildCenterAdmin(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const adminCookie = await signIn(t.app, admin.phone);
    const staffCookie = await signIn(t.app, staff.phone);
    const create = (cookie: string, phone: string, roles: object[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie },
        payload: { name: '新账号', phone, password: 'pine-cone-123', roles },
      });

    expect(
      (await create(adminCookie, '13600000001', [{ role: 'community_staff', communityId: otherCommunity.id }]))
        .statusCode,
    ).toBe(201);
    expect(
      (await create(staffCookie, '13600000002', [{ role: 'volunteer', communityId: community.id }])).statusCode,
    ).toBe(201);
    expect((await create(staffCookie, '13600000003', [{ role: 'merchant', merchantId: merchant.id }])).statusCode).toBe(
      201,
    );
    expect(
      (await create(staffCookie, '13600000004', [{ role: 'community_staff', communityId: community.id }])).statusCode,
    ).toBe(403);
    expect((await create(staffCookie, '13600000005', [{ role: 'center_admin' }])).statusCode).toBe(403);
    expect(
      (await create(staffCookie, '13600000006', [{ role: 'volunteer', communityId: otherCommunity.id }])).statusCode,
    ).toBe(403);
    expect(
      (await create(staffCookie, '13600000007', [{ role: 'merchant', merchantId: foreignMerchant.id }])).statusCode,
    ).toBe(403);
    const duplicate = await create(adminCookie, '13600000001', [{ role: 'volunteer', communityId: community.id }]);
    expect(duplicate.statusCode).toBe(409);
    expect(errorCode(duplicate)).toBe('PHONE_TAKEN');
    const missingScope = await create(adminCookie, '13600000008', [{ role: 'community_staff' }]);
    expect(missingScope.statusCode).toBe(400);
    expect(missingScope.json().error.details[0].field).toBe('roles.0.communityId');

    const rows = await t.db.selectFrom('users').select('phone').where('phone', 'like', '1360000000%').execute();
    expect(rows.map((r) => r.phone).sort()).toEqual(['13600000001', '13600000002', '13600000003']);
  });

  it('forbids residents and merchants from creating accounts', async () => {
    const community = await buildCommunity(t.deps);
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const merchant = await buildMerchant(t.deps, community.id);
    const merchantUser = await buildUser(t.deps, [{ role: 'merchant', merchantId: merchant.id }]);
    for (const phone of [resident.phone!, merchantUser.phone]) {
      const cookie = await signIn(t.app, phone);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie },
        payload: { name: 'x', phone: '13600000099', password: 'pine-cone-123', roles: [{ role: 'center_admin' }] },
      });
      expect(response.statusCode).toBe(403);
    }
  });
});
