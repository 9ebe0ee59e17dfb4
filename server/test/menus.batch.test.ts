import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, buildWeeklyMenuCast } from './support/weekly-menu.js';
import { createTestApp, errorCode, signIn, type TestApp } from './support/app.js';
import { actorOf, buildActivity, buildCenterAdmin, buildCommunity, buildStaff } from './support/factories.js';
import { approveWeek } from '../src/modules/menus/menus.service.js';
import type { AppDeps } from '../src/platform/deps.js';

/**
 * Batch work: 一键通过 a week's clash-free submissions, 复制到下周, 从上周菜单开始. "Now" is Saturday
 * 28 November 2026, 10:00 in the county; weeks 50 and 51 are open for submissions.
 */
let t: TestApp;
let east: { id: number };
let west: { id: number };
let eastCookie: string;
let westCookie: string;
let adminCookie: string;
let hall: number;
let westHall: number;

beforeAll(async () => {
  t = await createTestApp();
  ({ east, west, eastCookie, westCookie, adminCookie, hall, westHall } = await buildWeeklyMenuCast(t));
});
afterAll(async () => t.close());

const post = (url: string, cookie: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });

/** A submitted activity of east (or west) through the real create and submit. */
async function submitted(fields: { title: string; startsAt: string; endsAt: string; west?: boolean }) {
  const cookie = fields.west ? westCookie : eastCookie;
  const created = await post('/api/activities', cookie, {
    communityId: fields.west ? west.id : east.id,
    title: fields.title,
    category: '健康讲座',
    venueId: fields.west ? westHall : hall,
    startsAt: fields.startsAt,
    endsAt: fields.endsAt,
    capacity: 20,
  });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as number;
  expect((await post(`/api/activities/${id}/submit`, cookie)).statusCode).toBe(200);
  return id;
}

const statusOf = async (id: number) =>
  (await t.deps.db.selectFrom('activities').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const approvalsAudited = async (ids: number[]) =>
  t.deps.db
    .selectFrom('audit_log')
    .select('target_id')
    .where('action', '=', 'activity.approve')
    .where('target_id', 'in', ids.map(String))
    .execute();

describe('一键通过', () => {
  it('approves every clash-free submission of the week in one request and lists the others with the reason', async () => {
    const a = await submitted({ title: '古琴课堂', startsAt: at(9, 9), endsAt: at(9, 11) });
    const b = await submitted({ title: '书画交流', startsAt: at(9, 10), endsAt: at(9, 12) });
    const c = await submitted({ title: '读书会', startsAt: at(10, 9), endsAt: at(10, 11) });
    const d = await submitted({ title: '草编培训', startsAt: at(10, 9), endsAt: at(10, 11), west: true });
    const draft = (
      await post('/api/activities', eastCookie, {
        communityId: east.id,
        title: '未报送的草稿',
        category: '健康讲座',
        venueId: hall,
        startsAt: at(11, 9),
        endsAt: at(11, 11),
      })
    ).json().id;

    const response = await post('/api/menus/2026-W50/approve', adminCookie);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.approved.map((x: { id: number }) => x.id).sort()).toEqual([c, d].sort());
    expect(body.skipped).toEqual([
      { id: a, title: '古琴课堂', reason: '与「书画交流」同一场地时间重叠' },
      { id: b, title: '书画交流', reason: '与「古琴课堂」同一场地时间重叠' },
    ]);
    expect([await statusOf(a), await statusOf(b), await statusOf(c), await statusOf(d), await statusOf(draft)]).toEqual(
      ['submitted', 'submitted', 'approved', 'approved', 'draft'],
    );
    expect((await approvalsAudited([c, d])).map((r) => Number(r.target_id)).sort()).toEqual([c, d].sort());

    // the center returns one of the pair; the next batch approves the other
    expect((await post(`/api/activities/${b}/return`, adminCookie, { reason: '场地冲突，请改期' })).statusCode).toBe(
      200,
    );
    const again = (await post('/api/menus/2026-W50/approve', adminCookie)).json();
    expect(again).toEqual({ week: '2026-W50', approved: [{ id: a, title: '古琴课堂' }], skipped: [] });
  });

  it('approves each submission once when five batches run at the same moment', async () => {
    const ids = [];
    for (let day = 14; day <= 19; day++)
      ids.push(await submitted({ title: `周${day}活动`, startsAt: at(day, 9), endsAt: at(day, 11) }));
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => post('/api/menus/2026-W51/approve', adminCookie)),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const approved = responses.flatMap((r) => r.json().approved.map((x: { id: number }) => x.id));
    expect(approved.sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await statusOf(id)).toBe('approved');
    expect(await approvalsAudited(ids)).toHaveLength(ids.length);
  });

  it("is the center's: community staff are refused and nothing changes", async () => {
    const id = await submitted({ title: '只能中心通过', startsAt: at(22, 9), endsAt: at(22, 11) });
    const response = await post('/api/menus/2026-W52/approve', eastCookie);
    expect(response.statusCode).toBe(403);
    expect(await statusOf(id)).toBe('submitted');
  });
});

describe('一键通过 and an edit saved while it runs', () => {
  it('decides clashes on the week as it stands in its transaction: a published activity just moved onto a submission keeps that submission back', async () => {
    const published = await buildActivity(t.deps, {
      communityId: east.id,
      title: '已发布的合唱',
      startsAt: at(9, 17),
      endsAt: at(9, 18),
    });
    await t.deps.db.updateTable('activities').set({ venue_id: hall }).where('id', '=', published.id).execute();
    const waiting = await submitted({ title: '下午的讲座', startsAt: at(9, 14), endsAt: at(9, 16) });
    // The batch waits at its transaction while staff move the published activity onto the same afternoon.
    let arrived!: () => void;
    const atTransaction = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const edited = new Promise<void>((resolve) => (release = resolve));
    const db = t.deps.db;
    const held = new Proxy(db, {
      get(target, prop) {
        if (prop === 'transaction')
          return () => ({
            execute: async (work: Parameters<ReturnType<typeof db.transaction>['execute']>[0]) => {
              arrived();
              await edited;
              return target.transaction().execute(work);
            },
          });
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const admin = await actorOf(t.deps, await buildCenterAdmin(t.deps));
    const batch = approveWeek({ deps: { ...t.deps, db: held } as AppDeps, actor: admin, week: '2026-W50' });
    await atTransaction;
    await t.deps.db
      .updateTable('activities')
      .set({ starts_at: new Date(at(9, 14, 30)).toISOString(), ends_at: new Date(at(9, 15, 30)).toISOString() })
      .where('id', '=', published.id)
      .execute();
    release();
    const result = await batch;
    expect(result.approved.map((a) => a.id)).not.toContain(waiting);
    expect(result.skipped).toContainEqual({
      id: waiting,
      title: '下午的讲座',
      reason: '与「已发布的合唱」同一场地时间重叠',
    });
    expect(await statusOf(waiting)).toBe('submitted');
  });
});

describe('复制到下周', () => {
  it('makes a draft a week later with the same fields and partners; a second click answers the same copy', async () => {
    const source = await buildActivity(t.deps, {
      communityId: east.id,
      title: '太极拳晨练',
      startsAt: '2026-12-01T00:30:00.000Z',
      endsAt: '2026-12-01T02:00:00.000Z',
      capacity: 30,
    });
    const partner = (await post('/api/partners', adminCookie, { kind: 'institution', name: '县中医院' })).json()
      .id as number;
    await t.deps.db.updateTable('activities').set({ venue_id: hall }).where('id', '=', source.id).execute();
    await t.deps.db.insertInto('activity_partners').values({ activity_id: source.id, partner_id: partner }).execute();

    const first = await post(`/api/activities/${source.id}/copy-next-week`, eastCookie);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ created: true, startsAt: '2026-12-08T00:30:00.000Z', week: '2026-W50' });
    const copy = await t.deps.db
      .selectFrom('activities')
      .selectAll()
      .where('id', '=', first.json().id)
      .executeTakeFirstOrThrow();
    expect(copy).toMatchObject({
      title: '太极拳晨练',
      status: 'draft',
      venue_id: hall,
      capacity: 30,
      registered: 0,
      ends_at: expect.stringMatching(/^2026-12-08T02:00:00/),
      copied_from_id: source.id,
    });
    const partners = await t.deps.db
      .selectFrom('activity_partners')
      .select('partner_id')
      .where('activity_id', '=', copy.id)
      .execute();
    expect(partners.map((p) => Number(p.partner_id))).toEqual([partner]);

    const twice = await Promise.all(
      [1, 2, 3, 4].map(() => post(`/api/activities/${source.id}/copy-next-week`, eastCookie)),
    );
    expect(twice.map((r) => [r.statusCode, r.json().id, r.json().created])).toEqual(
      Array(4).fill([200, copy.id, false]),
    );
    const copies = await t.deps.db
      .selectFrom('activities')
      .select('id')
      .where('copied_from_id', '=', source.id)
      .execute();
    expect(copies).toHaveLength(1);
  });

  it("refuses another community's staff and writes nothing", async () => {
    const source = await buildActivity(t.deps, { communityId: east.id, startsAt: '2026-12-02T01:00:00.000Z' });
    const response = await post(`/api/activities/${source.id}/copy-next-week`, westCookie);
    expect(response.statusCode).toBe(403);
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(
      await t.deps.db.selectFrom('activities').select('id').where('copied_from_id', '=', source.id).execute(),
    ).toEqual([]);
  });
});

describe('从上周菜单开始', () => {
  it("copies last week's published activities as drafts once, however often it is clicked", async () => {
    const c = await buildCommunity(t.deps, '南城社区');
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const lastWeek = [];
    for (const [day, title] of [
      [14, '健康讲座'],
      [16, '书法课'],
      [18, '电影放映'],
    ] as const)
      lastWeek.push(
        await buildActivity(t.deps, { communityId: c.id, title, startsAt: `2026-12-${day}T01:00:00.000Z` }),
      );
    await buildActivity(t.deps, {
      communityId: c.id,
      title: '已取消的',
      startsAt: '2026-12-15T01:00:00.000Z',
      status: 'cancelled',
    });
    await buildActivity(t.deps, {
      communityId: c.id,
      title: '没报送的',
      startsAt: '2026-12-15T03:00:00.000Z',
      status: 'draft',
    });
    await buildActivity(t.deps, { communityId: east.id, title: '别的社区的', startsAt: '2026-12-15T05:00:00.000Z' });

    const start = () => post('/api/activities/from-last-week', cookie, { communityId: c.id, week: '2026-W52' });
    const first = await start();
    expect(first.statusCode).toBe(200);
    expect(first.json().created.map((x: { title: string; startsAt: string }) => [x.title, x.startsAt])).toEqual([
      ['健康讲座', '2026-12-21T01:00:00.000Z'],
      ['书法课', '2026-12-23T01:00:00.000Z'],
      ['电影放映', '2026-12-25T01:00:00.000Z'],
    ]);
    const again = await Promise.all([start(), start(), start()]);
    for (const response of again) {
      expect(response.json().created).toEqual([]);
      expect(response.json().alreadyThere).toHaveLength(3);
    }
    const drafts = await t.deps.db
      .selectFrom('activities')
      .select(['title', 'status', 'copied_from_id'])
      .where('community_id', '=', c.id)
      .where('week', '=', '2026-W52')
      .orderBy('starts_at')
      .execute();
    expect(drafts.map((d) => [d.title, d.status, Number(d.copied_from_id)])).toEqual(
      lastWeek.map((a, i) => [['健康讲座', '书法课', '电影放映'][i], 'draft', a.id]),
    );
  });

  it('leaves out what would fall in the past, and refuses another community', async () => {
    const c = await buildCommunity(t.deps, '北城社区');
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const past = await buildActivity(t.deps, {
      communityId: c.id,
      title: '上周一的讲座',
      startsAt: '2026-11-16T01:00:00.000Z',
    });
    const later = await buildActivity(t.deps, {
      communityId: c.id,
      title: '上周日的电影',
      startsAt: '2026-11-22T06:00:00.000Z',
    });
    const response = await post('/api/activities/from-last-week', cookie, { communityId: c.id, week: '2026-W48' });
    expect(response.json()).toMatchObject({
      created: [{ title: '上周日的电影', startsAt: '2026-11-29T06:00:00.000Z' }],
      skipped: [{ sourceId: past.id, title: '上周一的讲座', reason: '本周的这个时间已经过去' }],
    });
    expect(later.id).toBeGreaterThan(0);
    const refused = await post('/api/activities/from-last-week', eastCookie, { communityId: c.id, week: '2026-W49' });
    expect(refused.statusCode).toBe(403);
    const bad = await post('/api/activities/from-last-week', cookie, { communityId: c.id, week: '2026-W60' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('an archived venue (it takes nothing new)', () => {
  it('refuses 复制到下周 with 409 VENUE_ARCHIVED and leaves the activity out of 从上周菜单开始, saying why', async () => {
    const c = await buildCommunity(t.deps, '河西社区');
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const venue = await t.deps.db
      .insertInto('venues')
      .values({ community_id: c.id, name: '旧活动室', created_at: '2026-11-01T00:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const atOldRoom = await buildActivity(t.deps, {
      communityId: c.id,
      title: '旧活动室的讲座',
      startsAt: '2026-12-15T01:00:00.000Z',
    });
    await t.deps.db.updateTable('activities').set({ venue_id: venue.id }).where('id', '=', atOldRoom.id).execute();
    const elsewhere = await buildActivity(t.deps, {
      communityId: c.id,
      title: '广场舞',
      startsAt: '2026-12-16T01:00:00.000Z',
    });
    await t.deps.db
      .updateTable('venues')
      .set({ archived_at: t.clock.now().toISOString() })
      .where('id', '=', venue.id)
      .execute();

    const copied = await post(`/api/activities/${atOldRoom.id}/copy-next-week`, cookie);
    expect([copied.statusCode, errorCode(copied)]).toEqual([409, 'VENUE_ARCHIVED']);
    const started = await post('/api/activities/from-last-week', cookie, { communityId: c.id, week: '2026-W52' });
    expect(started.json()).toMatchObject({
      created: [{ title: '广场舞' }],
      skipped: [{ sourceId: atOldRoom.id, title: '旧活动室的讲座', reason: '场地已归档，请新建活动另选场地' }],
    });
    const copies = await t.deps.db
      .selectFrom('activities')
      .select('copied_from_id')
      .where('copied_from_id', 'in', [atOldRoom.id, elsewhere.id])
      .execute();
    expect(copies.map((r) => Number(r.copied_from_id))).toEqual([elsewhere.id]);
  });
});
