import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import type { Db, Trx } from '../src/platform/deps.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildCommunity,
  buildNeed,
  buildResident,
  buildStaff,
} from './support/factories.js';

let t: TestApp;
let community: { id: number };
let otherCommunity: { id: number };
let resident: { id: number; phone: string | null };
let residentCookie: string;
let staffCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  community = await buildCommunity(t.deps, '太风东街社区');
  otherCommunity = await buildCommunity(t.deps, '东城社区');
  resident = await buildResident(t.deps, { communityId: community.id, withLogin: true, name: '王秀英' });
  residentCookie = await signIn(t.app, resident.phone!);
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, cookie: string | undefined, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const count = async (table: 'needs' | 'need_supports' | 'audit_log') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const supportsOf = async (needId: number) =>
  (await t.db.selectFrom('needs').select('supports').where('id', '=', needId).executeTakeFirstOrThrow()).supports;
const supportRows = async (needId: number) =>
  Number(
    (
      await t.db
        .selectFrom('need_supports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('need_id', '=', needId)
        .executeTakeFirstOrThrow()
    ).n,
  );
/** Deliberately naive, the negative control: reads the counter, then writes back what it read plus one. */
/**
 * A read-modify-write counter, the negative control. `inTransaction` is the bug a use case would
 * really have (read and write in one transaction): PostgreSQL lets concurrent transactions read the
 * same count, SQLite runs one transaction at a time and cannot race there. Outside a transaction
 * it races on both.
 */
async function naiveSupport(needId: number, residentId: number, inTransaction: boolean) {
  const work = async (db: Db | Trx) => {
    const { supports } = await db
      .selectFrom('needs')
      .select('supports')
      .where('id', '=', needId)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('need_supports')
      .values({ need_id: needId, resident_id: residentId, created_at: t.clock.now().toISOString() })
      .execute();
    // The gap between reading and writing that a real request has (a round trip, a busy event loop).
    await new Promise((resolve) => setTimeout(resolve, 2));
    await db
      .updateTable('needs')
      .set({ supports: supports + 1 })
      .where('id', '=', needId)
      .execute();
  };
  await (inTransaction ? t.db.transaction().execute(work) : work(t.db));
}
const ON_POSTGRES = process.env.ZL_TEST_DB === 'postgres';
const residentIn = async (communityId: number) => {
  const r = await buildResident(t.deps, { communityId, withLogin: true });
  return { ...r, cookie: await signIn(t.app, r.phone!) };
};

describe('posting a need (居民点单)', () => {
  it('a resident posts a need in their own community: 201, stored without supports, audited, shown publicly without the author', async () => {
    const before = await count('audit_log');
    const response = await post('/api/needs', residentCookie, {
      communityId: community.id,
      category: '健康',
      text: '  希望每月有一次免费量血压  ',
    });
    expect(response.statusCode).toBe(201);
    const { id } = response.json();
    expect(response.json()).toEqual({ id: expect.any(Number) });
    const row = await t.db.selectFrom('needs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      community_id: community.id,
      resident_id: resident.id,
      category: '健康',
      text: '希望每月有一次免费量血压',
      supports: 0,
    });
    expect(await count('audit_log')).toBe(before + 1);

    const list = (await get(`/api/public/needs?communityId=${community.id}`)).json();
    const shown = list.find((n: { id: number }) => n.id === id);
    expect(shown).toEqual({
      id,
      communityId: community.id,
      category: '健康',
      text: '希望每月有一次免费量血压',
      supports: 0,
      postedByStaff: false,
      createdAt: t.clock.now().toISOString(),
      answeredBy: [],
    });
    expect(JSON.stringify(list)).not.toContain('王秀英');
    expect(JSON.stringify(list)).not.toContain('residentId');
  });

  it('refuses another community (403), a staff account without a resident (403) and anyone signed out (401), writing nothing', async () => {
    const before = [await count('needs'), await count('audit_log')];
    const foreign = await post('/api/needs', residentCookie, {
      communityId: otherCommunity.id,
      category: '健康',
      text: '别的社区',
    });
    expect([foreign.statusCode, errorCode(foreign)]).toEqual([403, 'FORBIDDEN']);
    const staff = await post('/api/needs', staffCookie, {
      communityId: community.id,
      category: '健康',
      text: '工作人员替人点单',
    });
    expect([staff.statusCode, errorCode(staff)]).toEqual([403, 'FORBIDDEN']);
    const anonymous = await post('/api/needs', undefined, {
      communityId: community.id,
      category: '健康',
      text: '匿名',
    });
    expect([anonymous.statusCode, errorCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    expect([await count('needs'), await count('audit_log')]).toEqual(before);
  });

  it.each([
    ['an unknown category', { category: '购物' }, 'category'],
    ['no category', { category: undefined }, 'category'],
    ['empty text', { text: '' }, 'text'],
    ['text of only spaces', { text: '    ' }, 'text'],
    ['text over 300 characters', { text: '字'.repeat(301) }, 'text'],
    ['a non-numeric community', { communityId: 'abc' }, 'communityId'],
    ['an unknown field', { residentId: 5 }, 'residentId'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_label, patch, field) => {
    const before = [await count('needs'), await count('audit_log')];
    const response = await post('/api/needs', residentCookie, {
      communityId: community.id,
      category: '文体',
      text: '广场舞培训',
      ...patch,
    });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('VALIDATION_FAILED');
    expect(errorFields(response)).toContain(field);
    expect([await count('needs'), await count('audit_log')]).toEqual(before);
  });

  it('accepts exactly 300 characters', async () => {
    const response = await post('/api/needs', residentCookie, {
      communityId: community.id,
      category: '其他',
      text: '字'.repeat(300),
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('supporting a need', () => {
  it('counts a support once: 201 with the new count, then 409 ALREADY_SUPPORTED with nothing changed', async () => {
    const need = await buildNeed(t.deps, { communityId: community.id });
    const first = await post(`/api/needs/${need.id}/support`, residentCookie);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ needId: need.id, supports: 1 });
    const second = await post(`/api/needs/${need.id}/support`, residentCookie);
    expect([second.statusCode, errorCode(second)]).toEqual([409, 'ALREADY_SUPPORTED']);
    expect([await supportsOf(need.id), await supportRows(need.id)]).toEqual([1, 1]);
  });

  it('refuses a resident of another community (403), staff (403), signed out (401) and an unknown need (404), changing nothing', async () => {
    const need = await buildNeed(t.deps, { communityId: community.id });
    const outsider = await residentIn(otherCommunity.id);
    const refusals = [
      [await post(`/api/needs/${need.id}/support`, outsider.cookie), 403, 'FORBIDDEN'],
      [await post(`/api/needs/${need.id}/support`, staffCookie), 403, 'FORBIDDEN'],
      [await post(`/api/needs/${need.id}/support`, undefined), 401, 'UNAUTHENTICATED'],
      [await post('/api/needs/999999/support', residentCookie), 404, 'NOT_FOUND'],
      [await post('/api/needs/abc/support', residentCookie), 400, 'VALIDATION_FAILED'],
    ] as const;
    for (const [response, status, code] of refusals)
      expect([response.statusCode, errorCode(response)]).toEqual([status, code]);
    expect([await supportsOf(need.id), await supportRows(need.id)]).toEqual([0, 0]);
  });

  it('stays exact when one resident fires 20 supports at once: one counted, 19 refused', async () => {
    const need = await buildNeed(t.deps, { communityId: community.id });
    const supporter = await residentIn(community.id);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post(`/api/needs/${need.id}/support`, supporter.cookie)),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 409 && errorCode(r) === 'ALREADY_SUPPORTED')).toHaveLength(19);
    expect([await supportsOf(need.id), await supportRows(need.id)]).toEqual([1, 1]);
  });

  it('stays exact when 20 residents support at once: 20 counted, counter equals rows', async () => {
    const need = await buildNeed(t.deps, { communityId: community.id });
    const supporters = await Promise.all(Array.from({ length: 20 }, () => residentIn(community.id)));
    const responses = await Promise.all(supporters.map((s) => post(`/api/needs/${need.id}/support`, s.cookie)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(responses.map((r) => r.json().supports).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect([await supportsOf(need.id), await supportRows(need.id)]).toEqual([20, 20]);
  });

  async function naiveSupports(inTransaction: boolean) {
    const need = await buildNeed(t.deps, { communityId: community.id });
    const supporters = await Promise.all(
      Array.from({ length: 20 }, () => buildResident(t.deps, { communityId: community.id })),
    );
    await Promise.all(supporters.map((s) => naiveSupport(need.id, s.id, inTransaction)));
    expect(await supportRows(need.id)).toBe(20);
    return supportsOf(need.id);
  }

  // One test on each database, named for what it can show there; no run skips it.
  it(
    ON_POSTGRES
      ? 'control: a read-modify-write counter inside one transaction loses supports under the same load (the check above would catch it)'
      : 'control on SQLite, which runs one transaction at a time: a read-modify-write counter inside a transaction cannot race here (20 — only the PostgreSQL run catches it); read outside the transaction it loses supports',
    async () => {
      if (ON_POSTGRES) {
        expect(await naiveSupports(true)).toBeLessThan(20);
      } else {
        expect(await naiveSupports(true)).toBe(20);
        expect(await naiveSupports(false)).toBeLessThan(20);
      }
    },
  );
});

describe('an archived resident (moved away or deceased)', () => {
  it('neither posts nor supports a need, by their own login or at the desk (代点单): 409 RESIDENT_ARCHIVED, nothing written', async () => {
    const leaving = await buildResident(t.deps, { communityId: community.id, withLogin: true, name: '赵桂兰' });
    const leavingCookie = await signIn(t.app, leaving.phone!);
    const need = await buildNeed(t.deps, { communityId: community.id });
    await t.db
      .updateTable('residents')
      .set({ archived_at: t.clock.now().toISOString() })
      .where('id', '=', leaving.id)
      .execute();
    const before = [await count('needs'), await count('need_supports'), await count('audit_log')];
    const payload = { category: '健康', text: '希望有上门理疗' };
    const answers = [
      await post('/api/needs', leavingCookie, { communityId: community.id, ...payload }),
      await post(`/api/needs/${need.id}/support`, leavingCookie),
      await post('/api/needs/on-behalf', staffCookie, { residentId: leaving.id, ...payload }),
      await post(`/api/needs/${need.id}/support/on-behalf`, staffCookie, { residentId: leaving.id }),
    ];
    expect(answers.map((a) => [a.statusCode, errorCode(a)])).toEqual(
      Array.from({ length: 4 }, () => [409, 'RESIDENT_ARCHIVED']),
    );
    expect([await count('needs'), await count('need_supports'), await count('audit_log')]).toEqual(before);
    expect(await supportsOf(need.id)).toBe(0);
  });
});

describe('public needs and the planning view', () => {
  let planning: { id: number };
  let residents: { id: number; cookie: string }[];

  beforeAll(async () => {
    planning = await buildCommunity(t.deps, '规划社区');
    residents = await Promise.all(Array.from({ length: 3 }, () => residentIn(planning.id)));
  });

  it('lists most supported first, newest first among equals, with the published activities that answered them', async () => {
    const old = await buildNeed(t.deps, { communityId: planning.id, category: '文体', text: '旧的需求' });
    t.clock.advance(60_000);
    const popular = await buildNeed(t.deps, { communityId: planning.id, category: '健康', text: '义诊' });
    t.clock.advance(60_000);
    const recent = await buildNeed(t.deps, { communityId: planning.id, category: '文体', text: '新的需求' });
    for (const r of residents) await post(`/api/needs/${popular.id}/support`, r.cookie);
    const answer = await buildActivity(t.deps, { communityId: planning.id, title: '爱心义诊', status: 'published' });
    const draft = await buildActivity(t.deps, { communityId: planning.id, title: '草稿活动', status: 'draft' });
    await t.db
      .insertInto('activity_needs')
      .values([
        { activity_id: answer.id, need_id: popular.id },
        { activity_id: draft.id, need_id: recent.id },
      ])
      .execute();

    const list = (await get(`/api/public/needs?communityId=${planning.id}`)).json();
    expect(list.map((n: { id: number }) => n.id)).toEqual([popular.id, recent.id, old.id]);
    expect(list[0]).toMatchObject({
      supports: 3,
      answeredBy: [{ activityId: answer.id, title: '爱心义诊', startsAt: answer.startsAt }],
    });
    // A draft is not an answer the public can see.
    expect(list[1].answeredBy).toEqual([]);
    // Other communities' needs stay out of a filtered list.
    expect(list.every((n: { communityId: number }) => n.communityId === planning.id)).toBe(true);
    // Unfiltered: every community's needs.
    const everywhere = (await get('/api/public/needs')).json();
    expect(new Set(everywhere.map((n: { communityId: number }) => n.communityId))).toEqual(
      new Set([community.id, planning.id]),
    );
  });

  it('gives staff counts per category over their scope, and the list narrowed by category', async () => {
    const planner = await signIn(t.app, (await buildStaff(t.deps, planning.id)).phone);
    const all = await get(`/api/needs?communityId=${planning.id}`, planner);
    expect(all.statusCode).toBe(200);
    expect(all.json().byCategory).toEqual([
      { category: '健康', needs: 1, supports: 3 },
      { category: '文体', needs: 2, supports: 0 },
    ]);
    expect(all.json().needs).toHaveLength(3);
    const sports = (
      await get(`/api/needs?communityId=${planning.id}&category=${encodeURIComponent('文体')}`, planner)
    ).json();
    expect(sports.needs.map((n: { text: string }) => n.text)).toEqual(['新的需求', '旧的需求']);
    expect(sports.byCategory).toHaveLength(2);
    // Without a community filter: only the communities this staff member works in.
    const scoped = (await get('/api/needs', planner)).json();
    expect(scoped.needs.every((n: { communityId: number }) => n.communityId === planning.id)).toBe(true);
    // The center sees every community.
    const center = (await get('/api/needs', await signIn(t.app, (await buildCenterAdmin(t.deps)).phone))).json();
    expect(new Set(center.needs.map((n: { communityId: number }) => n.communityId))).toEqual(
      new Set([community.id, planning.id]),
    );
  });

  it('refuses the planning view to staff of another community (403), residents (403) and signed-out callers (401), and a bad category (400)', async () => {
    const elsewhere = await get(`/api/needs?communityId=${planning.id}`, staffCookie);
    expect([elsewhere.statusCode, errorCode(elsewhere)]).toEqual([403, 'FORBIDDEN']);
    const asResident = await get(`/api/needs?communityId=${community.id}`, residentCookie);
    expect([asResident.statusCode, errorCode(asResident)]).toEqual([403, 'FORBIDDEN']);
    const anonymous = await get('/api/needs');
    expect([anonymous.statusCode, errorCode(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    const badCategory = await get(`/api/needs?category=${encodeURIComponent('购物')}`, staffCookie);
    expect(badCategory.statusCode).toBe(400);
    expect(errorFields(badCategory)).toContain('category');
  });
});
