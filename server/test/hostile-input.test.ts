import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTHING_TO_CHANGE } from '@zhongli/domain';
import { buildApp } from '../src/app.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../src/platform/json-body.js';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildCommunity,
  buildMerchant,
  buildService,
  buildShopItem,
} from './support/factories.js';

let t: TestApp;
let cookie: string;
let communityId: number;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await buildCenterAdmin(t.deps);
  cookie = await signIn(t.app, admin.phone);
  communityId = (await buildCommunity(t.deps)).id;
});
afterAll(() => t.close());

async function count(table: 'residents' | 'merchants' | 'audit_log' | 'users' | 'communities') {
  const row = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function send(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) {
  return t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });
}

describe('control characters in text (issue 11, defect 3: NUL was a 500 on PostgreSQL)', () => {
  it.each([
    ['phone', { phone: '1390000\u00000000', password: 'whatever-1' }],
    ['password', { phone: '13900000000', password: 'pass\u0000word' }],
  ])('anonymous login with NUL in the %s is a 400 naming it', async (field, payload) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('VALIDATION_FAILED');
    expect(errorFields(response)).toEqual([field]);
  });

  it.each(['\u0000', '\u0001', '\u001b', '\u007f', '\n', '\ud800'])(
    'a resident name with %j is a 400 naming the name, and nothing is written',
    async (control) => {
      const [residents, users, audit] = [await count('residents'), await count('users'), await count('audit_log')];
      const response = await send('POST', '/api/residents', {
        name: `李${control}兰`,
        communityId,
        birthDate: '1950-03-01',
        phone: '13900000123',
      });
      expect(response.statusCode).toBe(400);
      expect(errorFields(response)).toEqual(['name']);
      expect([await count('residents'), await count('users'), await count('audit_log')]).toEqual([
        residents,
        users,
        audit,
      ]);
    },
  );

  it('a merchant name with NUL is a 400, on registration and on change, and the merchant keeps its name', async () => {
    const merchants = await count('merchants');
    const created = await send('POST', '/api/merchants', {
      name: '老王\u0000烧饼',
      communityId,
      address: '解放路1号',
      category: '餐饮',
    });
    expect(created.statusCode).toBe(400);
    expect(errorFields(created)).toEqual(['name']);
    expect(await count('merchants')).toBe(merchants);

    const { id } = await buildMerchant(t.deps, communityId, { name: '老王烧饼' });
    const changed = await send('PATCH', `/api/merchants/${id}`, { name: '老王\u0000烧饼', address: '解放路\u00002号' });
    expect(changed.statusCode).toBe(400);
    expect(errorFields(changed).sort()).toEqual(['address', 'name']);
    const row = await t.db.selectFrom('merchants').select(['name', 'address']).where('id', '=', id).executeTakeFirst();
    expect(row).toEqual({ name: '老王烧饼', address: '测试路1号' });
  });

  it('NUL in a query string and in a path parameter is a 400 naming it', async () => {
    const search = await send('GET', '/api/residents?q=%E6%9D%8E%00');
    expect(search.statusCode).toBe(400);
    expect(errorFields(search)).toEqual(['q']);
    const byCode = await send('GET', '/api/residents/by-code/ZL%00123');
    expect(byCode.statusCode).toBe(400);
    expect(errorFields(byCode)).toEqual(['memberCode']);
  });

  it('a textarea keeps its line breaks but not other controls', async () => {
    const reason = { reason: '第一行\n第二行\u0000' };
    const activity = await buildActivity(t.deps, { communityId, status: 'submitted' });
    const returned = await send('POST', `/api/activities/${activity.id}/return`, reason);
    expect(returned.statusCode).toBe(400);
    expect(errorFields(returned)).toEqual(['reason']);
    const ok = await send('POST', `/api/activities/${activity.id}/return`, { reason: '第一行\r\n第二行\t完' });
    expect(ok.statusCode).toBe(200);
  });
});

describe('empty changes and deep JSON (issue 11, defect 8: both were a 500)', () => {
  it('every PATCH with nothing to change is a 400 that says so, and nothing is written', async () => {
    const merchant = await buildMerchant(t.deps, communityId);
    const item = await buildShopItem(t.deps, communityId);
    const service = await buildService(t.deps, { communityId });
    const activity = await buildActivity(t.deps, { communityId });
    const audit = await count('audit_log');
    for (const [url, body] of [
      [`/api/merchants/${merchant.id}`, {}],
      [`/api/shop/items/${item.id}`, {}],
      [`/api/services/${service.id}`, {}],
      [`/api/activities/${activity.id}`, {}],
      [`/api/activities/${activity.id}`, { changeNote: '只写了说明' }],
    ] as const) {
      const response = await send('PATCH', url, body);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      expect(errorCode(response)).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(response.json())).toContain(NOTHING_TO_CHANGE);
    }
    expect(await count('audit_log')).toBe(audit);
  });

  it('JSON nested 5,000 levels is a 400 on a route with a body schema and on one without (Idempotency-Key fingerprint)', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    for (const [url, payload] of [
      ['/api/points/adjustments/1/approve', deepObject],
      ['/api/points/adjustments/1/approve', deep],
      ['/api/merchants', deep],
      ['/api/merchants', deepObject],
      ['/api/auth/logout', deepObject],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/json', 'idempotency-key': 'deep-json-0001' },
        payload,
      });
      expect({ url, status: response.statusCode, code: errorCode(response) }).toEqual({
        url,
        status: 400,
        code: 'INVALID_JSON',
      });
    }
  });

  it(`measures depth without recursion: ${MAX_JSON_DEPTH} levels pass, one more does not, brackets in strings do not count`, () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`, MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(`[${'{"a":['.repeat(20)}`, MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('requests that are not JSON, ids that are not decimal (issue 11, defect 11)', () => {
  it('refuses a state change sent as text/plain without Origin or Sec-Fetch-Site (415), and writes nothing', async () => {
    const communities = await count('communities');
    for (const [url, payload] of [
      ['/api/auth/logout', ''],
      ['/api/communities', '{"name":"跨站建的社区"}'],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'text/plain;charset=UTF-8' },
        payload,
      });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 415 });
      expect(errorCode(response)).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/communities',
        headers: { cookie, 'content-type': contentType },
        payload: 'name=x',
      });
      expect(response.statusCode).toBe(415);
    }
    expect(await count('communities')).toBe(communities);
    // Still signed in: the text/plain logout did nothing.
    expect((await send('GET', '/api/me')).statusCode).toBe(200);
  });

  it('still takes JSON with a charset, and bodiless actions without a content type', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie, 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ name: `JSON社区${Date.now()}` }),
    });
    expect(json.statusCode).toBe(201);
    const activity = await buildActivity(t.deps, { communityId, status: 'submitted' });
    const bodiless = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${activity.id}/approve`,
      headers: { cookie },
    });
    expect(bodiless.statusCode).toBe(200);
  });

  it('takes path ids in decimal digits only', async () => {
    const { id } = await buildMerchant(t.deps, communityId);
    expect((await send('GET', `/api/merchants/${id}`)).statusCode).toBe(200);
    const fullWidth = encodeURIComponent(String(id).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))));
    for (const hostile of [
      `0x${id.toString(16)}`,
      `%20${id}`,
      `${id}%20`,
      `${id}e0`,
      `${id}.0`,
      `0${id}`,
      `+${id}`,
      fullWidth,
    ]) {
      const response = await send('GET', `/api/merchants/${hostile}`);
      expect({ hostile, status: response.statusCode, fields: errorFields(response) }).toEqual({
        hostile,
        status: 400,
        fields: ['id'],
      });
    }
  });
});

describe('request timeouts (issue 11, defect 11: a stalled body was held open for 330 s)', () => {
  /** Opens a raw connection, sends `first`, then `drip` every `every` ms; resolves with when the server closed it. */
  function stall(port: number, first: string, drip?: { text: string; every: number }) {
    return new Promise<{ closedAfterMs: number; answer: string }>((resolve, reject) => {
      const started = Date.now();
      let answer = '';
      const socket = net.connect(port, '127.0.0.1', () => socket.write(first));
      const timer = drip ? setInterval(() => socket.writable && socket.write(drip.text), drip.every) : undefined;
      const guard = setTimeout(() => {
        socket.destroy();
        reject(new Error(`still open after 10 s; the server answered: ${JSON.stringify(answer)}`));
      }, 10_000);
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(guard);
        resolve({ closedAfterMs: Date.now() - started, answer });
      });
    });
  }

  it('drops a stalled body, stalled headers and a body sent a byte at a time', async () => {
    const app = await buildApp(t.deps, { timeouts: { idleMs: 600, headersMs: 800, requestMs: 1500 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (app.server.address() as net.AddressInfo).port;
      const head = (length: number) =>
        `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
      const [halfBody, halfHeaders, dripped] = await Promise.all([
        stall(port, `${head(100)}{"phone":"139`),
        stall(port, 'POST /api/auth/login HTTP/1.1\r\nHost: loc'),
        stall(port, `${head(1000)}{"phone":"`, { text: '1', every: 200 }),
      ]);
      for (const result of [halfBody, halfHeaders, dripped]) expect(result.closedAfterMs).toBeLessThan(6_000);
      // The drip keeps the connection busy, so only the whole-request deadline can end it.
      expect(dripped.closedAfterMs).toBeGreaterThanOrEqual(1_400);
    } finally {
      await app.close();
    }
  });
});

describe('requests refused before any route (found by trying to break it: the parser answered in English)', () => {
  it("a raw non-ASCII character in the path gets the app's error body, in Chinese", async () => {
    const app = await buildApp(t.deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const port = (app.server.address() as net.AddressInfo).port;
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write(Buffer.from('GET /api/residents?q=张 HTTP/1.1\r\nHost: localhost\r\n\r\n', 'utf8')),
        );
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('error', () => {});
        socket.on('close', () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: expect.any(String),
          details: [{ field: 'request', message: '网址或请求格式不正确' }],
        },
      });
    } finally {
      await app.close();
    }
  });

  it("a body that is not an object, and zod's own messages, are in Chinese", async () => {
    const nullBody = await t.app.inject({
      method: 'POST',
      url: '/api/merchants',
      headers: { cookie, 'content-type': 'application/json' },
      payload: 'null',
    });
    expect(nullBody.statusCode).toBe(400);
    expect(nullBody.json().error.details).toEqual([{ field: 'body', message: '请求内容应为 JSON 对象' }]);
    const emptySettings = await t.app.inject({
      method: 'PUT',
      url: '/api/menus/settings',
      headers: { cookie },
      payload: {},
    });
    expect(emptySettings.statusCode).toBe(400);
    expect(emptySettings.json().error.details).toContainEqual({ field: 'deadline', message: '请填写此项' });
  });
});
