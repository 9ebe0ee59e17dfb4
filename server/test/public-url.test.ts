import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../src/config.js';
import { DEMO_PASSWORD, seedDemoCounty } from '../src/demo/seed.js';
import { createTestApp, errorCode, errorFields, signIn, TEST_PUBLIC_URL, type TestApp } from './support/app.js';
import { publicRouteUrls } from './support/public-routes.js';
import { startServerProcess } from './support/server-process.js';
import { createStandaloneDatabase } from './support/standalone-database.js';

/**
 * Absolute links (QR codes on paper, the WeChat article, calendar feeds) are built on the center's public
 * address only — PUBLIC_URL, or 中心信息 — never on the Host header a client chose.
 */

const EVIL = 'evil.example';
const FORGED = {
  host: EVIL,
  'x-forwarded-host': EVIL,
  'x-forwarded-proto': 'https',
  forwarded: `host=${EVIL};proto=https`,
};

function mentionsEvil(response: LightMyRequestResponse): boolean {
  // iCalendar folds long lines (CRLF + space): unfold, so a folded address is still found.
  const body = response.body.replace(/\r\n[ \t]/g, '');
  return body.includes(EVIL) || JSON.stringify(response.headers).includes(EVIL);
}

describe('a forged Host header on the demo county', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoCounty(t.deps);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('appears in no public answer: every public route, the article and the calendar feeds', async () => {
    const { routes, unresolved } = await publicRouteUrls(t);
    expect(unresolved).toEqual([]);
    const findings: string[] = [];
    const read = new Set<string>();
    let answers = 0;
    for (const { path: route, urls } of routes)
      for (const url of urls) {
        const response = await t.app.inject({ url, headers: FORGED });
        if (response.statusCode !== 200) continue;
        answers++;
        read.add(route);
        if (mentionsEvil(response)) findings.push(url);
      }
    expect(findings).toEqual([]);
    for (const linked of [
      '/api/public/menus/{week}/article',
      '/api/public/menus/{week}/calendar.ics',
      '/api/public/calendar.ics',
    ])
      expect(read, `${linked} answered no 200`).toContain(linked);
    expect(read.size).toBeGreaterThan(20);
    expect(answers).toBeGreaterThan(100);
  }, 120_000);

  it('links the article and the feeds to the public address instead', async () => {
    const week = (await t.db.selectFrom('menu_weeks').select('week').executeTakeFirstOrThrow()).week;
    const article = await t.app.inject({ url: `/api/public/menus/${week}/article`, headers: FORGED });
    expect(article.statusCode).toBe(200);
    expect(article.body).toContain(`${TEST_PUBLIC_URL}/menu/${week}`);
    const feed = await t.app.inject({ url: '/api/public/calendar.ics', headers: FORGED });
    expect(feed.body.replace(/\r\n[ \t]/g, '')).toMatch(new RegExp(`URL:${TEST_PUBLIC_URL}/activities/\\d+`));
  });

  it('appears in no staff answer either: shelf labels, member cards and every list the console prints from', async () => {
    const cookie = await signIn(t.app, '13800000000', DEMO_PASSWORD);
    const items = await t.db.selectFrom('shop_items').select('id').execute();
    const residents = await t.db.selectFrom('residents').select('id').orderBy('id').limit(20).execute();
    const { paths } = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const lists = Object.entries(paths)
      .filter(([p, ops]) => ops.get && !p.includes('{') && !p.startsWith('/api/public/'))
      .map(([p]) => p);
    const urls = [
      ...items.map((i) => `/api/shop/items/${i.id}/label`),
      ...residents.map((r) => `/api/residents/${r.id}/card`),
      ...lists,
    ];
    const findings: string[] = [];
    let labels = 0;
    for (const url of urls) {
      const response = await t.app.inject({ url, headers: { ...FORGED, cookie } });
      if (url.endsWith('/label')) {
        expect(response.statusCode, url).toBe(200);
        expect((response.json() as { url: string }).url.startsWith(`${TEST_PUBLIC_URL}/shop/items/`)).toBe(true);
        labels++;
      }
      if (mentionsEvil(response)) findings.push(url);
    }
    expect(findings).toEqual([]);
    expect(labels).toBeGreaterThan(0);
    expect(lists.length).toBeGreaterThan(20);
  }, 120_000);
});

describe('without a public address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ publicUrl: null });
    await seedDemoCounty(t.deps);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the article, the feeds and the shelf labels answer PUBLIC_URL_NOT_SET instead of a link to the Host', async () => {
    const week = (await t.db.selectFrom('menu_weeks').select('week').executeTakeFirstOrThrow()).week;
    const item = await t.db.selectFrom('shop_items').select('id').executeTakeFirstOrThrow();
    const cookie = await signIn(t.app, '13800000000', DEMO_PASSWORD);
    for (const [url, headers] of [
      [`/api/public/menus/${week}/article`, FORGED],
      [`/api/public/menus/${week}/calendar.ics`, FORGED],
      ['/api/public/calendar.ics', FORGED],
      [`/api/shop/items/${item.id}/label`, { ...FORGED, cookie }],
    ] as const) {
      const response = await t.app.inject({ url, headers });
      expect(response.statusCode, url).toBe(409);
      expect(errorCode(response), url).toBe('PUBLIC_URL_NOT_SET');
      expect(mentionsEvil(response), url).toBe(false);
    }
    // The menu itself needs no absolute link and stays readable.
    expect((await t.app.inject({ url: `/api/public/menus/${week}`, headers: FORGED })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/public/center' })).json()).toMatchObject({
      publicUrl: null,
      publicUrlSource: null,
    });
  });
});

describe('PATCH /api/center (中心信息)', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp({ publicUrl: null });
    await seedDemoCounty(t.deps);
    admin = await signIn(t.app, '13800000000', DEMO_PASSWORD);
    const staffPhone = (
      await t.db
        .selectFrom('users')
        .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
        .select('users.phone')
        .where('user_roles.role', '=', 'community_staff')
        .executeTakeFirstOrThrow()
    ).phone;
    staff = await signIn(t.app, staffPhone, DEMO_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const patch = (cookie: string, payload: object) =>
    t.app.inject({ method: 'PATCH', url: '/api/center', headers: { cookie }, payload });
  const centerRow = () => t.db.selectFrom('center').selectAll().executeTakeFirstOrThrow();
  const audits = () =>
    t.db.selectFrom('audit_log').select(['summary']).where('action', '=', 'center.update').orderBy('id').execute();

  it.each([
    'evil.example',
    '/menu',
    'ftp://zhongli.example.cn',
    'https://zhongli.example.cn/?x=1',
    'https://zhongli.example.cn/#x',
    'javascript:alert(1)',
    `https://${'a'.repeat(200)}.cn`,
    42,
  ])('refuses publicUrl %j with a 400 naming it, writing nothing', async (publicUrl) => {
    const before = await centerRow();
    const response = await patch(admin, { publicUrl });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toEqual(['publicUrl']);
    expect(await centerRow()).toEqual(before);
    expect(await audits()).toEqual([]);
  });

  it('refuses an empty change and community staff, writing nothing', async () => {
    expect(errorCode(await patch(admin, {}))).toBe('VALIDATION_FAILED');
    expect((await patch(staff, { publicUrl: 'https://a.example' })).statusCode).toBe(403);
    expect((await centerRow()).public_url).toBeNull();
    expect(await audits()).toEqual([]);
  });

  it('stores the address without its trailing slash, audits the change, and links are built on it', async () => {
    const response = await patch(admin, { publicUrl: ' https://wenxi.example.cn/ ' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ publicUrl: 'https://wenxi.example.cn', publicUrlSource: 'center' });
    expect((await centerRow()).public_url).toBe('https://wenxi.example.cn');
    expect(await audits()).toEqual([{ summary: '修改中心信息：公开网址 （未设置） → https://wenxi.example.cn' }]);
    const week = (await t.db.selectFrom('menu_weeks').select('week').executeTakeFirstOrThrow()).week;
    const article = await t.app.inject({ url: `/api/public/menus/${week}/article`, headers: FORGED });
    expect(article.body).toContain(`https://wenxi.example.cn/menu/${week}`);
  });
});

describe('PUBLIC_URL from the deployment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ configPublicUrl: 'https://county.example.cn' });
    await seedDemoCounty(t.deps);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('wins over 中心信息, which cannot change it there', async () => {
    expect((await t.app.inject({ url: '/api/public/center' })).json()).toMatchObject({
      publicUrl: 'https://county.example.cn',
      publicUrlSource: 'config',
    });
    const admin = await signIn(t.app, '13800000000', DEMO_PASSWORD);
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/center',
      headers: { cookie: admin },
      payload: { publicUrl: 'https://other.example.cn' },
    });
    expect(errorCode(response)).toBe('PUBLIC_URL_FROM_CONFIG');
    expect((await t.db.selectFrom('center').select('public_url').executeTakeFirstOrThrow()).public_url).toBe(
      TEST_PUBLIC_URL,
    );
  });
});

describe('loadConfig: PUBLIC_URL', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zhongli-config-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(32), ...env });

  it('keeps an absolute address without its trailing slash, and defaults to localhost only in demo mode', () => {
    expect(load({ PUBLIC_URL: 'https://wenxi.example.cn/' }).publicUrl).toBe('https://wenxi.example.cn');
    expect(load({ PORT: '3100' })).toMatchObject({ publicUrl: undefined, demoPublicUrl: 'http://localhost:3100' });
    expect(load({ DEMO: '0' }).demoPublicUrl).toBeUndefined();
  });

  it("names an empty install's center neutrally: the demo county's name is demo data, not a default", () => {
    expect(load({ DEMO: '0' }).centerName).toBe('社区服务中心');
    expect(load({}).centerName).toBe('闻喜县社区服务中心');
    expect(load({ DEMO: '0', CENTER_NAME: '绛县社区服务中心' }).centerName).toBe('绛县社区服务中心');
  });

  it.each(['wenxi.example.cn', 'https://wenxi.example.cn/?a=1', 'ftp://wenxi.example.cn'])(
    'refuses to start with PUBLIC_URL=%j',
    (value) => {
      expect(() => load({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL must be an absolute/);
    },
  );
});

describe('the server process in production', () => {
  const WARNING = 'PUBLIC_URL is not set';
  let database: Awaited<ReturnType<typeof createStandaloneDatabase>>;
  afterAll(() => database?.drop());

  it('warns in its log at start when no public address is set, and not once one is', async () => {
    database = await createStandaloneDatabase();
    const env = {
      ...database.env,
      DEMO: '0',
      COOKIE_SECURE: '1',
      WEB_DIST: path.join(database.env.DATA_DIR, 'no-web'),
    };
    let server = await startServerProcess(env);
    try {
      await expect.poll(() => server.output(), { timeout: 10_000 }).toContain(WARNING);
    } finally {
      await server.stop();
    }
    server = await startServerProcess({ ...env, PUBLIC_URL: 'https://wenxi.example.cn' });
    try {
      expect((await fetch(`${server.baseUrl}/api/public/center`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    // the check runs before the server listens, so a warning would be in the log by now
    expect(server.output()).not.toContain(WARNING);
  }, 60_000);
});
