import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { createTestApp, errorCode, signIn, TEST_PASSWORD, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildResident } from './support/factories.js';
import { databaseFingerprint } from './support/fingerprint.js';

/**
 * The HTTP side of the security suite: cookie flags, security headers on API and HTML answers,
 * cross-site requests on every state-changing route, and sessions ended on the server. (Sign-in's
 * HttpOnly/SameSite, logout's and a password change's cookie checks live in accounts.test.ts; this
 * file adds what those do not say.)
 */

let t: TestApp;
let webDist: string;
beforeAll(async () => {
  t = await createTestApp();
  webDist = mkdtempSync(path.join(tmpdir(), 'zhongli-web-'));
  mkdirSync(path.join(webDist, 'assets'));
  writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>众力</title><div id="app"></div>');
  writeFileSync(path.join(webDist, 'assets', 'app-1234.js'), 'console.log(1)');
});
afterAll(async () => {
  await t?.close();
  rmSync(webDist, { recursive: true, force: true });
});

const countSessions = async (userId: number) =>
  Number(
    (
      await t.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

function cookieAttributes(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  return (Array.isArray(header) ? header : [String(header)]).flatMap((c) => c.split(';').map((p) => p.trim()));
}

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, signed, and carries no Secure flag on a plain-HTTP install', async () => {
    const user = await buildCenterAdmin(t.deps);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: user.phone, password: TEST_PASSWORD },
    });
    const attributes = cookieAttributes(response);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
    expect(attributes).not.toContain('Secure');
    // signed (token.signature), and the token itself is not what the database keeps
    const token = decodeURIComponent(attributes[0]!.split('=').slice(1).join('=')).split('.')[0]!;
    const stored = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toContain(token);
  });

  it('is Secure when cookieSecure is set, on sign-in and when cleared at logout', async () => {
    const secureApp = await buildApp({ ...t.deps, config: { ...t.deps.config, cookieSecure: true } });
    try {
      const user = await buildCenterAdmin(t.deps);
      const login = await secureApp.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { phone: user.phone, password: TEST_PASSWORD },
      });
      expect(cookieAttributes(login)).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']));
      const cookie = `${login.cookies[0]!.name}=${login.cookies[0]!.value}`;
      const logout = await secureApp.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      expect(logout.statusCode).toBe(204);
      expect(cookieAttributes(logout)).toEqual(
        expect.arrayContaining(['Max-Age=0', 'Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']),
      );
    } finally {
      await secureApp.close();
    }
  });
});

describe('security headers', () => {
  function expectSecurityHeaders(response: LightMyRequestResponse, what: string) {
    const csp = String(response.headers['content-security-policy'] ?? '');
    expect(csp, what).toMatch(/default-src 'self'/);
    expect(csp, what).toMatch(/script-src 'self'(;|$)/); // no inline or foreign scripts
    expect(csp, what).toMatch(/object-src 'none'/);
    expect(csp, what).toMatch(/frame-ancestors 'self'/);
    expect(response.headers['x-content-type-options'], what).toBe('nosniff');
    expect(response.headers['x-frame-options'], what).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy'], what).toBe('no-referrer');
  }

  it('are on API answers: JSON, errors, a signed-in read, and non-JSON files', async () => {
    const user = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, user.phone);
    const answers: [string, LightMyRequestResponse][] = [
      ['public JSON', await t.app.inject({ url: '/api/public/communities' })],
      ['signed-in JSON', await t.app.inject({ url: '/api/me', headers: { cookie } })],
      ['401', await t.app.inject({ url: '/api/me' })],
      ['404', await t.app.inject({ url: '/api/no-such-route' })],
      ['400', await t.app.inject({ url: '/api/residents/abc', headers: { cookie } })],
      ['iCalendar', await t.app.inject({ url: '/api/public/calendar.ics' })],
    ];
    expect(answers.map(([, r]) => r.statusCode)).toEqual([200, 200, 401, 404, 400, 200]);
    for (const [what, response] of answers) expectSecurityHeaders(response, what);
  });

  it('keeps signed-in answers out of every cache (a desk computer is shared), and lets public ones be cached', async () => {
    const community = await buildCommunity(t.deps);
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const cookie = await signIn(t.app, resident.phone!);
    const me = await t.app.inject({ url: '/api/me', headers: { cookie } });
    const card = await t.app.inject({ url: `/api/residents/${resident.id}/card`, headers: { cookie } });
    for (const response of [me, card]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toMatch(/no-store/);
    }
    const publicAnswer = await t.app.inject({ url: '/api/public/communities' });
    expect(publicAnswer.headers['cache-control'] ?? '').not.toMatch(/no-store/);
  });

  it('are on the web app: index.html for "/" and for a client-side route, and hashed assets', async () => {
    const app = await buildApp(t.deps, { webDist });
    try {
      const root = await app.inject({ url: '/' });
      const page = await app.inject({ url: '/console/residents' });
      const asset = await app.inject({ url: '/assets/app-1234.js' });
      expect([root.statusCode, page.statusCode, asset.statusCode]).toEqual([200, 200, 200]);
      expect(root.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('<div id="app">');
      for (const [what, response] of [
        ['/', root],
        ['client route', page],
        ['asset', asset],
      ] as const)
        expectSecurityHeaders(response, what);
    } finally {
      await app.close();
    }
  });
});

describe('cross-site requests', () => {
  it('refuses every state-changing route of the OpenAPI document from another site (Origin, Origin: null, Sec-Fetch-Site), writing nothing', async () => {
    const user = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, user.phone);
    await t.app.ready();
    const document = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([p, operations]) =>
      Object.keys(operations)
        .filter((m) => m !== 'get')
        .map((m) => [m.toUpperCase(), p.replace(/\{[^}]+\}/g, '1')] as const),
    );
    expect(routes.length).toBeGreaterThan(60);
    const crossSite = [
      { origin: 'https://evil.example', host: 'zhongli.local' },
      { origin: 'null', host: 'zhongli.local' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'http://zhongli.local.evil.example', host: 'zhongli.local' },
    ];
    const before = await databaseFingerprint(t.deps);
    const letThrough: string[] = [];
    for (const [method, url] of routes)
      for (const headers of crossSite) {
        const response = await t.app.inject({
          method: method as 'POST',
          url,
          headers: { cookie, ...headers },
          payload: {},
        });
        if (response.statusCode !== 403 || errorCode(response) !== 'CSRF_REJECTED')
          letThrough.push(`${method} ${url} ${JSON.stringify(headers)}: ${response.statusCode}`);
      }
    expect(letThrough).toEqual([]);
    expect(await databaseFingerprint(t.deps)).toBe(before);
  });

  it('lets the same origin through (Origin naming this host, Sec-Fetch-Site same-origin), and reads from anywhere', async () => {
    const resident = await buildResident(t.deps, { withLogin: true });
    const cookie = await signIn(t.app, resident.phone!);
    const sameOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: { cookie, origin: 'https://zhongli.local', host: 'zhongli.local', 'sec-fetch-site': 'same-origin' },
      payload: {},
    });
    expect(sameOrigin.statusCode, sameOrigin.body).toBe(204);
    // A cross-site GET changes nothing, and the answer is not readable by the other site (no CORS headers).
    const read = await t.app.inject({
      url: '/api/me',
      headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('sessions end on the server', () => {
  it('logout deletes the session row: the old cookie is refused here and by a second instance', async () => {
    const user = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, user.phone);
    const other = await signIn(t.app, user.phone);
    expect(await countSessions(user.id)).toBe(2);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expect(await countSessions(user.id)).toBe(1);
    const second = await buildApp(t.deps);
    try {
      expect((await second.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
      expect((await second.inject({ url: '/api/me', headers: { cookie: other } })).statusCode).toBe(200);
    } finally {
      await second.close();
    }
    // a replayed logout with the dead cookie is just unauthenticated
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(401);
  });

  it('a password change deletes every other session row of the account, on every instance, and keeps this one', async () => {
    const user = await buildCenterAdmin(t.deps);
    const here = await signIn(t.app, user.phone);
    const elsewhere = [await signIn(t.app, user.phone), await signIn(t.app, user.phone)];
    const bystander = await buildCenterAdmin(t.deps);
    const bystanderCookie = await signIn(t.app, bystander.phone);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: here },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Zl-new-passphrase-73' },
    });
    expect(changed.statusCode).toBe(204);
    expect(await countSessions(user.id)).toBe(1);
    const second = await buildApp(t.deps);
    try {
      for (const cookie of elsewhere)
        expect((await second.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
      expect((await second.inject({ url: '/api/me', headers: { cookie: here } })).statusCode).toBe(200);
      expect((await second.inject({ url: '/api/me', headers: { cookie: bystanderCookie } })).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });
});
