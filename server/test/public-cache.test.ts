import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { NEXT_CURSOR_HEADER, PUBLIC_PAGE_DEFAULT, PUBLIC_PAGE_MAX, weekOfInstant } from '@zhongli/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import {
  buildActivity,
  buildCommunity,
  buildMerchant,
  buildPointsRules,
  buildResident,
  buildService,
  buildStaff,
} from './support/factories.js';

/**
 * The public cache (platform/public-cache.ts) over two instances on one database — two Fastify apps
 * with their own connections and their own in-process caches, as two machines behind nginx (one
 * SQLite file here; one PostgreSQL schema in the server:postgres project). A write through A must be
 * seen by the next read through B, because the database's triggers bump the data version in the
 * writing transaction and B reads the version on every request.
 */
let t: TestApp;
let a: FastifyInstance;
let b: FastifyInstance;
let east: { id: number };
let west: { id: number };
let eastStaff: string;
let westStaff: string;
let eastRules: Record<'VOL', number>;
let westRules: Record<'VOL', number>;

beforeAll(async () => {
  t = await createTestApp({ now: '2026-11-28T02:00:00.000Z' }); // Saturday 28 Nov, 10:00 in the county
  a = t.app;
  b = await t.secondInstance();
  east = await buildCommunity(t.deps, '东城社区');
  west = await buildCommunity(t.deps, '西城社区');
  eastStaff = await signIn(a, (await buildStaff(t.deps, east.id)).phone);
  westStaff = await signIn(a, (await buildStaff(t.deps, west.id)).phone);
  eastRules = await buildPointsRules(t.deps, east.id, [
    { code: 'VOL', name: '志愿服务', category: '志愿服务', points: 10 },
  ]);
  westRules = await buildPointsRules(t.deps, west.id, [
    { code: 'VOL', name: '志愿服务', category: '志愿服务', points: 10 },
  ]);
});
afterAll(async () => {
  await t.close();
});

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });
const award = (cookie: string, residentId: number, ruleId: number) =>
  a.inject({ method: 'POST', url: '/api/points/awards', headers: { cookie }, payload: { residentId, ruleId } });
const roll = (communityId: number) => `/api/public/leaderboard?communityId=${communityId}`;

describe('a write through one instance is seen by the next public read through the other', () => {
  it('honour roll: an award through A shows on B at once; another community’s award leaves B’s cached roll alone', async () => {
    const resident = await buildResident(t.deps, { communityId: east.id, name: '王秀英' });
    const first = await get(b, roll(east.id));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual([]);
    expect(first.headers['x-public-cache']).toBe('miss');
    expect((await get(b, roll(east.id))).headers['x-public-cache']).toBe('hit');

    expect((await award(eastStaff, resident.id, eastRules.VOL)).statusCode).toBe(201);
    const after = await get(b, roll(east.id));
    expect(after.headers['x-public-cache']).toBe('miss');
    expect(after.json()).toEqual([expect.objectContaining({ points: 10 })]);

    // 西城's award bumps 西城's ledger scope only: 东城's roll stays cached, 西城's is recomputed.
    const westResident = await buildResident(t.deps, { communityId: west.id });
    await get(b, roll(east.id));
    await get(b, roll(west.id));
    expect((await award(westStaff, westResident.id, westRules.VOL)).statusCode).toBe(201);
    expect((await get(b, roll(east.id))).headers['x-public-cache']).toBe('hit');
    const westRoll = await get(b, roll(west.id));
    expect(westRoll.headers['x-public-cache']).toBe('miss');
    expect(westRoll.json()).toHaveLength(1);
  });

  it('shop shelf: an item created through A shows on B, for the community and for the county list', async () => {
    const shelf = `/api/public/shop/items?communityId=${east.id}`;
    const before = (await get(b, shelf)).json() as { name: string }[];
    const county = (await get(b, '/api/public/shop/items')).json() as { name: string }[];
    expect((await get(b, shelf)).headers['x-public-cache']).toBe('hit');
    const created = await a.inject({
      method: 'POST',
      url: '/api/shop/items',
      headers: { cookie: eastStaff },
      payload: { communityId: east.id, name: '挂面', pointsPrice: 20, monthlyLimit: null },
    });
    expect(created.statusCode).toBe(201);
    expect(((await get(b, shelf)).json() as { name: string }[]).map((i) => i.name)).toEqual([
      ...before.map((i) => i.name),
      '挂面',
    ]);
    expect((await get(b, '/api/public/shop/items')).json()).toHaveLength(county.length + 1);
  });

  it('menu, results wall and display: writes made on A’s connection, even by hand-typed SQL, show on B', async () => {
    const activity = await buildActivity(t.deps, { communityId: east.id, title: '健康讲座' });
    const week = weekOfInstant(new Date(activity.startsAt));
    await t.db
      .insertInto('menu_weeks')
      .values({ week, published_at: '2026-11-27T00:00:00.000Z', published_by: null })
      .execute();
    const menu = `/api/public/menus/${week}`;
    const titles = async () =>
      ((await get(b, menu)).json() as { communities: { activities: { title: string }[] }[] }).communities.flatMap((c) =>
        c.activities.map((x) => x.title),
      );
    expect(await titles()).toEqual(['健康讲座']);
    expect((await get(b, menu)).headers['x-public-cache']).toBe('hit');
    await t.db.updateTable('activities').set({ title: '健康讲座（改期）' }).where('id', '=', activity.id).execute();
    expect(await titles()).toEqual(['健康讲座（改期）']);

    const results = '/api/public/results';
    expect((await get(b, results)).statusCode).toBe(200);
    expect((await get(b, results)).headers['x-public-cache']).toBe('hit');
    await t.db.updateTable('activities').set({ title: '健康讲座（已结束）' }).where('id', '=', activity.id).execute();
    expect((await get(b, results)).headers['x-public-cache']).toBe('miss');

    const service = await buildService(t.deps, { communityId: east.id, name: '1元理发屋' });
    const sessions = await get(a, `/api/public/services/${service.id}/sessions?from=2026-11-28&to=2027-01-31`);
    const session = (sessions.json() as { id: number }[])[0]!;
    const display = `/api/public/service-sessions/${session.id}/display`;
    expect((await get(b, display)).json().service.name).toBe('1元理发屋');
    expect((await get(b, display)).headers['x-public-cache']).toBe('hit');
    await t.db.updateTable('services').set({ name: '爱心理发屋' }).where('id', '=', service.id).execute();
    expect((await get(b, display)).json().service.name).toBe('爱心理发屋');
  });

  it('a new month is a new honour roll: the county date is part of the key', async () => {
    const resident = await buildResident(t.deps, { communityId: east.id });
    expect((await award(eastStaff, resident.id, eastRules.VOL)).statusCode).toBe(201);
    expect(((await get(b, roll(east.id))).json() as unknown[]).length).toBeGreaterThan(0);
    t.clock.set('2026-11-30T16:00:00.000Z'); // 1 December, 00:00 in the county: nothing earned this month yet
    try {
      expect((await get(b, roll(east.id))).json()).toEqual([]);
    } finally {
      t.clock.set('2026-11-28T02:00:00.000Z');
    }
  });

  it('control: without the trigger on shop_items, B keeps serving the shelf it cached (the tests above can fail)', async () => {
    const other = await buildCommunity(t.deps, '苗圃社区');
    const shelf = `/api/public/shop/items?communityId=${other.id}`;
    expect((await get(b, shelf)).json()).toEqual([]);
    if (t.deps.dialect === 'sqlite') {
      for (const op of ['insert', 'update', 'delete', 'moved'])
        await sql.raw(`DROP TRIGGER shop_items_data_version_${op}`).execute(t.db);
    } else await sql`DROP TRIGGER shop_items_data_version ON shop_items`.execute(t.db);
    await t.db
      .insertInto('shop_items')
      .values({
        community_id: other.id,
        name: '毛巾',
        points_price: 5,
        monthly_limit: null,
        description: null,
        created_at: '2026-11-28T02:00:00.000Z',
      })
      .execute();
    const stale = await get(b, shelf);
    expect(stale.headers['x-public-cache']).toBe('hit');
    expect(stale.json()).toEqual([]);
    // The instance that never cached it reads the database and sees the item: only the cache is stale.
    expect((await get(a, shelf)).json()).toHaveLength(1);
  });
});

describe('HTTP caching', () => {
  it('answers a matching If-None-Match with 304 and no body, and a changed answer with a new ETag', async () => {
    const first = await get(b, roll(east.id));
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const again = await get(a, roll(east.id), { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag); // the same body hashes to the same ETag on every instance
    expect((await get(b, roll(east.id), { 'if-none-match': etag })).statusCode).toBe(304);
    const resident = await buildResident(t.deps, { communityId: east.id });
    expect((await award(eastStaff, resident.id, eastRules.VOL)).statusCode).toBe(201);
    const changed = await get(b, roll(east.id), { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('says how long each answer may be kept: lists 30 s then revalidate, the waiting-hall display always revalidates, private answers never stored', async () => {
    expect((await get(b, roll(east.id))).headers['cache-control']).toBe('public, max-age=30, must-revalidate');
    expect((await get(b, `/api/public/shop/items?communityId=${east.id}`)).headers['cache-control']).toBe(
      'public, max-age=30, must-revalidate',
    );
    const session = await t.db.selectFrom('service_sessions').select('id').executeTakeFirstOrThrow();
    const display = await get(b, `/api/public/service-sessions/${session.id}/display`);
    expect(display.headers['cache-control']).toBe('public, no-cache');
    expect(display.headers.etag).toBeDefined();
    const privateAnswer = await get(b, '/api/me', { cookie: eastStaff });
    expect(privateAnswer.headers['cache-control']).toBe('no-store');
    expect(privateAnswer.headers.etag).toBeUndefined();
  });

  it('serves a signed-in resident and an anonymous visitor the same anonymous answer, with nothing of the resident in it', async () => {
    const resident = await buildResident(t.deps, { communityId: west.id, name: '赵德胜', withLogin: true });
    expect((await award(westStaff, resident.id, westRules.VOL)).statusCode).toBe(201);
    const cookie = await signIn(b, resident.phone!);
    const signedIn = await get(b, roll(west.id), { cookie }); // first read: the signed-in one fills the cache
    const anonymous = await get(b, roll(west.id));
    expect(anonymous.headers['x-public-cache']).toBe('hit');
    expect(anonymous.body).toBe(signedIn.body);
    expect(anonymous.body).not.toContain('赵德胜');
    expect(anonymous.body).not.toContain(resident.phone!);
    expect(anonymous.body).toContain('赵*胜');
    expect(anonymous.headers['set-cookie']).toBeUndefined();
  });
});

describe('county-wide public lists come in pages', () => {
  it('shop: a default page of 50, at most 100, every item exactly once through the cursors, no page over 200 kB', async () => {
    const county = await buildCommunity(t.deps, '太风东街社区');
    const long = '这件物品由爱心商家捐赠，欢迎社区居民用积分兑换。'.repeat(8);
    await t.db
      .insertInto('shop_items')
      .values(
        Array.from({ length: 260 }, (_, i) => ({
          community_id: county.id,
          name: `物品${String(i).padStart(3, '0')}${'名'.repeat(30)}`,
          points_price: 1 + (i % 7),
          monthly_limit: null,
          description: long.slice(0, 200),
          created_at: '2026-11-28T02:00:00.000Z',
        })),
      )
      .execute();
    const total = (
      await t.db
        .selectFrom('shop_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow()
    ).n;

    const firstPage = await get(b, '/api/public/shop/items');
    expect(firstPage.json()).toHaveLength(PUBLIC_PAGE_DEFAULT);
    expect(firstPage.headers[NEXT_CURSOR_HEADER]).toBeDefined();
    expect((await get(b, `/api/public/shop/items?limit=${PUBLIC_PAGE_MAX + 1}`)).statusCode).toBe(400);
    expect((await get(b, '/api/public/shop/items?cursor=1.2')).statusCode).toBe(400);

    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await get(b, `/api/public/shop/items?limit=${PUBLIC_PAGE_MAX}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      expect(Buffer.byteLength(page.body)).toBeLessThan(200 * 1024);
      seen.push(...(page.json() as { id: number }[]).map((i) => i.id));
      cursor = page.headers[NEXT_CURSOR_HEADER] as string | undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(Number(total) / PUBLIC_PAGE_MAX));
    expect(seen).toHaveLength(Number(total));
    expect(new Set(seen).size).toBe(seen.length);
    // A cached page keeps its link to the next one.
    const cached = await get(b, '/api/public/shop/items');
    expect(cached.headers['x-public-cache']).toBe('hit');
    expect(cached.headers[NEXT_CURSOR_HEADER]).toBe(firstPage.headers[NEXT_CURSOR_HEADER]);
    // Compressed, the same page's validator is weak (the plain and brotli forms share the body's
    // hash, and a strong ETag promises the exact bytes); revalidating with it still gives a 304.
    const plainTag = cached.headers.etag as string;
    const br = await get(b, '/api/public/shop/items', { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.etag).toBe(`W/${plainTag}`);
    const revalidated = await get(b, '/api/public/shop/items', {
      'accept-encoding': 'br',
      'if-none-match': br.headers.etag as string,
    });
    expect(revalidated.statusCode).toBe(304);
  });

  it('merchant wall: pages of at most 100 merchants, each merchant once, no page over 200 kB', async () => {
    const county = await buildCommunity(t.deps, '银光社区');
    await t.db
      .insertInto('merchants')
      .values(
        Array.from({ length: 130 }, (_, i) => ({
          community_id: county.id,
          name: `商户${i}${'号'.repeat(20)}`,
          address: '县城东街',
          category: '餐饮',
          party_alliance: i % 2,
          created_at: '2026-11-28T02:00:00.000Z',
        })),
      )
      .execute();
    await buildMerchant(t.deps, east.id);
    const total = Number(
      (
        await t.db
          .selectFrom('merchants')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect((await get(b, '/api/public/merchants')).json()).toHaveLength(PUBLIC_PAGE_DEFAULT);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await get(b, `/api/public/merchants?limit=${PUBLIC_PAGE_MAX}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      expect(Buffer.byteLength(page.body)).toBeLessThan(200 * 1024);
      seen.push(...(page.json() as { id: number }[]).map((m) => m.id));
      cursor = page.headers[NEXT_CURSOR_HEADER] as string | undefined;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });
});
