import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCallEntry, TCallListDetail, TCallLists } from '@zhongli/domain';
import { createTestApp, errorCode, errorFields, quickCookie, signIn, type TestApp } from './support/app.js';
import { onPostgres, raceControl } from './support/database.js';
import { databaseFingerprint } from './support/fingerprint.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildCommunity,
  buildResident,
  buildService,
  buildStaff,
} from './support/factories.js';
import type { AppDeps } from '../src/platform/deps.js';

/**
 * 待电话通知: a cancel or change opens a call list in its own transaction, one entry per person
 * affected; an entry needs a call until the person opens the app after the list was made, or staff
 * tick it (the first tick wins, by a conditional UPDATE).
 */

let t: TestApp;
let community: { id: number };
let other: { id: number };
let staffCookie: string;
let otherStaffCookie: string;
let centerCookie: string;

const START = '2026-11-28T02:00:00.000Z';
const MINUTE = 60_000;

beforeAll(async () => {
  t = await createTestApp({ now: START });
  community = await buildCommunity(t.deps, '苗圃社区');
  other = await buildCommunity(t.deps, '西湖社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
  otherStaffCookie = await signIn(t.app, (await buildStaff(t.deps, other.id)).phone);
  centerCookie = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
});
afterAll(() => t.close());

const inject = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie: string | undefined,
  payload?: unknown,
) =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload: payload as object } : {}) });

/** A resident who signs in to the app (a session opened now: that is opening the app). */
async function appUser(communityId = community.id, name?: string) {
  const r = await buildResident(t.deps, { communityId, withLogin: true, ...(name ? { name } : {}) });
  const userId = (await t.db.selectFrom('residents').select('user_id').where('id', '=', r.id).executeTakeFirstOrThrow())
    .user_id!;
  return { id: r.id, phone: r.phone!, cookie: await quickCookie(t, userId) };
}

/** Registered at the desk with no login, only a daughter's number. */
async function deskOnly(name: string, contactPhone = '0571-88888888', communityId = community.id) {
  const response = await inject('POST', '/api/residents', communityId === community.id ? staffCookie : centerCookie, {
    name,
    communityId,
    birthDate: '1948-03-02',
    contactPhone,
    contactNote: '女儿',
  });
  expect(response.statusCode, response.body).toBe(201);
  return { id: (response.json() as { id: number }).id };
}

const readList = async (id: number, cookie = staffCookie) => {
  const response = await inject('GET', `/api/call-lists/${id}`, cookie);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TCallListDetail;
};
const entryOf = (list: TCallListDetail, residentId: number) => list.entries.find((e) => e.residentId === residentId)!;
const tick = (listId: number, entryId: number, payload: unknown, cookie = staffCookie) =>
  inject('POST', `/api/call-lists/${listId}/entries/${entryId}/outcome`, cookie, payload);
const countRows = async (table: 'call_lists' | 'call_list_entries' | 'audit_log', where?: [string, string]) => {
  let query = t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) query = query.where(where[0] as never, '=', where[1] as never);
  return Number((await query.executeTakeFirstOrThrow()).n);
};

describe('cancelling a published activity', () => {
  it('lists every registrant and waitlisted person; the one who opened the app afterwards shows as seen', async () => {
    t.clock.set(START);
    const activity = await buildActivity(t.deps, {
      communityId: community.id,
      title: '冬季养生讲座',
      place: '二楼活动室',
      capacity: 2,
      startsAt: '2026-12-05T01:00:00.000Z',
      endsAt: '2026-12-05T02:30:00.000Z',
    });
    const desk = await deskOnly('赵桂芝');
    const opensLater = await appUser(community.id, '钱建国');
    const neverOpens = await appUser(community.id, '孙玉梅');
    // two places: the app users take them, the desk puts 赵桂芝 on the waitlist
    for (const r of [opensLater, neverOpens])
      expect((await inject('POST', `/api/activities/${activity.id}/registrations`, r.cookie, {})).statusCode).toBe(201);
    expect(
      (await inject('POST', `/api/activities/${activity.id}/registrations`, staffCookie, { residentId: desk.id }))
        .statusCode,
    ).toBe(201);

    t.clock.advance(MINUTE);
    const cancelled = await inject('POST', `/api/activities/${activity.id}/cancel`, staffCookie, {
      reason: '主讲医生临时出诊',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const { callList } = cancelled.json() as { callList: { id: number; needsCall: number } };
    expect(callList.needsCall).toBe(3);

    // Ten minutes later one of them opens the app; the other does not.
    t.clock.advance(10 * MINUTE);
    expect((await inject('GET', '/api/me', opensLater.cookie)).statusCode).toBe(200);

    const list = await readList(callList.id);
    expect(list.kind).toBe('activity.cancelled');
    expect(list.message).toBe('「冬季养生讲座」（原定 12月5日 09:00–10:30，二楼活动室）取消了。原因：主讲医生临时出诊');
    expect(list.entries).toHaveLength(3);
    expect(entryOf(list, desk.id)).toMatchObject({
      name: '赵桂芝',
      role: 'waitlisted',
      phone: '057188888888',
      contactNote: '女儿',
      hasLogin: false,
      status: 'pending',
    });
    expect(entryOf(list, opensLater.id)).toMatchObject({ role: 'registered', phone: opensLater.phone, status: 'seen' });
    expect(entryOf(list, neverOpens.id)).toMatchObject({
      role: 'registered',
      phone: neverOpens.phone,
      status: 'pending',
    });
    expect(list).toMatchObject({ total: 3, pending: 2, settled: 1, done: false });

    // Ticking both pending entries finishes the list; it moves behind open lists.
    for (const r of [desk, neverOpens])
      expect((await tick(callList.id, entryOf(list, r.id).id, { outcome: 'told' })).statusCode).toBe(200);
    const after = await readList(callList.id);
    expect(after).toMatchObject({ pending: 0, settled: 3, done: true });
    expect(entryOf(after, desk.id)).toMatchObject({ status: 'told', outcomeByName: expect.any(String) });
  });

  it('records opening the app at most every 5 minutes: an entry may stay pending a little longer, never seen too early', async () => {
    t.clock.set(START);
    const activity = await buildActivity(t.deps, { communityId: community.id });
    const user = await appUser();
    await inject('POST', `/api/activities/${activity.id}/registrations`, user.cookie, {});
    const lastSeen = async () =>
      (
        await t.db
          .selectFrom('residents')
          .innerJoin('users', 'users.id', 'residents.user_id')
          .select('users.last_seen_at')
          .where('residents.id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    const signedIn = await lastSeen();
    expect(Date.parse(signedIn!)).toBe(Date.parse(START));

    t.clock.advance(MINUTE);
    const { callList } = (
      await inject('POST', `/api/activities/${activity.id}/cancel`, staffCookie, { reason: '下雨' })
    ).json() as { callList: { id: number } };
    t.clock.advance(3 * MINUTE);
    await inject('GET', '/api/me', user.cookie);
    expect(await lastSeen()).toBe(signedIn);
    expect(entryOf(await readList(callList.id), user.id).status).toBe('pending');

    t.clock.advance(2 * MINUTE);
    await inject('GET', '/api/me', user.cookie);
    expect(Date.parse((await lastSeen())!)).toBe(Date.parse(START) + 6 * MINUTE);
    expect(entryOf(await readList(callList.id), user.id).status).toBe('seen');
  });

  it('a draft (nobody could register) makes no list', async () => {
    const draft = await buildActivity(t.deps, { communityId: community.id, status: 'draft' });
    const before = await countRows('call_lists');
    const response = await inject('POST', `/api/activities/${draft.id}/cancel`, staffCookie, { reason: '不办了' });
    expect(response.statusCode).toBe(200);
    expect((response.json() as { callList: unknown }).callList).toBeNull();
    expect(await countRows('call_lists')).toBe(before);
  });
});

describe('changing a published activity', () => {
  it('a new time or place opens a list saying old and new; a new title alone does not', async () => {
    t.clock.set(START);
    const activity = await buildActivity(t.deps, {
      communityId: community.id,
      title: '剪纸兴趣课',
      place: '一楼教室',
      startsAt: '2026-12-06T06:00:00.000Z',
      endsAt: '2026-12-06T07:00:00.000Z',
    });
    const desk = await deskOnly('周凤兰', '13900001111');
    await inject('POST', `/api/activities/${activity.id}/registrations`, staffCookie, { residentId: desk.id });

    const before = await countRows('call_lists');
    const renamed = await inject('PATCH', `/api/activities/${activity.id}`, staffCookie, { title: '剪纸课' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).not.toHaveProperty('callList');
    expect(await countRows('call_lists')).toBe(before);

    const moved = await inject('PATCH', `/api/activities/${activity.id}`, staffCookie, {
      place: '三楼会议室',
      startsAt: '2026-12-06T07:00:00.000Z',
      endsAt: '2026-12-06T08:00:00.000Z',
      changeNote: '教室维修',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const { callList } = moved.json() as { callList: { id: number; needsCall: number } };
    expect(callList.needsCall).toBe(1);
    const list = await readList(callList.id);
    expect(list.kind).toBe('activity.changed');
    expect(list.message).toBe(
      '「剪纸课」原定 12月6日 14:00–15:00，一楼教室，改为 12月6日 15:00–16:00，三楼会议室。说明：教室维修',
    );
    expect(entryOf(list, desk.id)).toMatchObject({ phone: '13900001111', status: 'pending' });
  });
});

describe('cancelling a service session', () => {
  it('lists every active booking: the desk-only person needs a call, the app user too until they open it', async () => {
    t.clock.set(START);
    const service = await buildService(t.deps, { communityId: community.id, name: '理发服务' });
    const sessions = (await inject('GET', `/api/public/services/${service.id}/sessions`, undefined)).json() as {
      id: number;
    }[];
    const sessionId = sessions[0]!.id;
    const desk = await deskOnly('吴秀英', '88886666');
    const app = await appUser();
    const cancelledBooking = await appUser();
    expect((await inject('POST', '/api/bookings', staffCookie, { sessionId, residentId: desk.id })).statusCode).toBe(
      201,
    );
    expect((await inject('POST', '/api/bookings', app.cookie, { sessionId, residentId: app.id })).statusCode).toBe(201);
    const gone = await inject('POST', '/api/bookings', cancelledBooking.cookie, {
      sessionId,
      residentId: cancelledBooking.id,
    });
    const goneId = (gone.json() as { id: number }).id;
    expect((await inject('DELETE', `/api/bookings/${goneId}`, cancelledBooking.cookie)).statusCode).toBe(204);

    t.clock.advance(MINUTE);
    const response = await inject('POST', `/api/service-sessions/${sessionId}/cancel`, staffCookie, {
      reason: '理发师生病',
    });
    expect(response.statusCode, response.body).toBe(200);
    const { callList, told } = response.json() as { told: number; callList: { id: number; needsCall: number } };
    expect(told).toBe(2);
    expect(callList.needsCall).toBe(2);
    const list = await readList(callList.id);
    expect(list.kind).toBe('session.cancelled');
    expect(list.message).toContain('「理发服务」');
    expect(list.message).toContain('原因：理发师生病');
    expect(list.entries.map((e) => [e.residentId, e.role, e.status]).sort()).toEqual(
      [
        [desk.id, 'booked', 'pending'],
        [app.id, 'booked', 'pending'],
      ].sort(),
    );
    expect(entryOf(list, desk.id).phone).toBe('88886666');
  });
});

describe('who sees a list', () => {
  it("another community's staff neither find it nor open it nor tick it, and nothing is written", async () => {
    t.clock.set(START);
    const activity = await buildActivity(t.deps, { communityId: community.id, title: '象棋比赛' });
    const desk = await deskOnly('郑国华');
    await inject('POST', `/api/activities/${activity.id}/registrations`, staffCookie, { residentId: desk.id });
    const { callList } = (
      await inject('POST', `/api/activities/${activity.id}/cancel`, staffCookie, { reason: '场地冲突' })
    ).json() as { callList: { id: number } };
    const entryId = (await readList(callList.id)).entries[0]!.id;

    const theirs = (await inject('GET', '/api/call-lists', otherStaffCookie)).json() as TCallLists;
    expect(theirs.lists.map((l) => l.id)).not.toContain(callList.id);
    const ours = (await inject('GET', '/api/call-lists', staffCookie)).json() as TCallLists;
    expect(ours.lists.map((l) => l.id)).toContain(callList.id);
    const centers = (await inject('GET', '/api/call-lists', centerCookie)).json() as TCallLists;
    expect(centers.lists.map((l) => l.id)).toContain(callList.id);

    const before = await databaseFingerprint(t.deps);
    expect((await inject('GET', `/api/call-lists/${callList.id}`, otherStaffCookie)).statusCode).toBe(403);
    const refused = await tick(callList.id, entryId, { outcome: 'told' }, otherStaffCookie);
    expect(refused.statusCode).toBe(403);
    expect(await databaseFingerprint(t.deps)).toBe(before);
  });

  it("a county-wide service's list: each desk sees and ticks only its own residents, the center everyone", async () => {
    t.clock.set(START);
    const service = await buildService(t.deps, {
      communityId: community.id,
      name: '全县理发服务',
      eligibility: { minAge: 60, scope: 'county' },
    });
    const [session] = (await inject('GET', `/api/public/services/${service.id}/sessions`, undefined)).json() as {
      id: number;
    }[];
    const ours = await deskOnly('蒋玉兰');
    const theirs = await deskOnly('沈福生', '13700002222', other.id);
    for (const [cookie, residentId] of [
      [staffCookie, ours.id],
      [otherStaffCookie, theirs.id],
    ] as const) {
      const booked = await inject('POST', '/api/bookings', cookie, { sessionId: session!.id, residentId });
      expect(booked.statusCode, booked.body).toBe(201);
    }
    const { callList } = (
      await inject('POST', `/api/service-sessions/${session!.id}/cancel`, staffCookie, { reason: '停电' })
    ).json() as { callList: { id: number; needsCall: number } };
    expect(callList.needsCall).toBe(2);

    const names = async (cookie: string) => (await readList(callList.id, cookie)).entries.map((e) => e.name).sort();
    expect(await names(staffCookie)).toEqual(['蒋玉兰']);
    expect(await names(otherStaffCookie)).toEqual(['沈福生']);
    expect(await names(centerCookie)).toEqual(['沈福生', '蒋玉兰'].sort());
    const theirEntry = (await readList(callList.id, otherStaffCookie)).entries[0]!;
    expect((await tick(callList.id, theirEntry.id, { outcome: 'told' }, staffCookie)).statusCode).toBe(403);
    expect((await tick(callList.id, theirEntry.id, { outcome: 'told' }, otherStaffCookie)).statusCode).toBe(200);
    // each desk's progress counts its own people: B is done, A still has a call to make
    expect(await readList(callList.id, otherStaffCookie)).toMatchObject({ total: 1, done: true });
    expect(await readList(callList.id, staffCookie)).toMatchObject({ total: 1, pending: 1, done: false });
  });

  it('open lists come first', async () => {
    const { lists } = (await inject('GET', '/api/call-lists', centerCookie)).json() as TCallLists;
    const firstDone = lists.findIndex((l) => l.done);
    expect(firstDone).toBeGreaterThan(0);
    expect(lists.slice(firstDone).every((l) => l.done)).toBe(true);
  });
});

async function freshEntry(): Promise<{ listId: number; entryId: number }> {
  const activity = await buildActivity(t.deps, { communityId: community.id });
  const desk = await deskOnly('冯德明');
  await inject('POST', `/api/activities/${activity.id}/registrations`, staffCookie, { residentId: desk.id });
  const { callList } = (
    await inject('POST', `/api/activities/${activity.id}/cancel`, staffCookie, { reason: '下雪' })
  ).json() as { callList: { id: number } };
  return { listId: callList.id, entryId: (await readList(callList.id)).entries[0]!.id };
}

describe('ticking an entry', () => {
  it('20 concurrent 已通知 on one entry: exactly one succeeds, the rest are 409 naming who was first; one audit row', async () => {
    const { listId, entryId } = await freshEntry();
    const cookies = await Promise.all(
      Array.from({ length: 20 }, async () => signIn(t.app, (await buildStaff(t.deps, community.id)).phone)),
    );
    const responses = await Promise.all(cookies.map((cookie) => tick(listId, entryId, { outcome: 'told' }, cookie)));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = responses.find((r) => r.statusCode === 200)!.json() as TCallEntry;
    for (const r of responses.filter((r) => r.statusCode === 409)) {
      expect(errorCode(r)).toBe('CALL_ALREADY_RECORDED');
      expect((r.json() as { error: { byName: string } }).error.byName).toBe(winner.outcomeByName);
    }
    const row = await t.db
      .selectFrom('call_list_entries')
      .select(['outcome', 'outcome_by'])
      .where('id', '=', entryId)
      .executeTakeFirstOrThrow();
    expect(row.outcome).toBe('told');
    expect(
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'call.outcome')
        .where('target_id', '=', String(entryId))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
    ).toBe(1);
  });

  it(
    raceControl(
      'a check-then-write tick lets several of 20 concurrent ticks through',
      'a check-then-write tick lets one of 20 through',
    ),
    async () => {
      const { entryId } = await freshEntry();
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => naiveTick(t.deps, entryId)));
      const succeeded = results.filter((r) => r.status === 'fulfilled' && r.value).length;
      if (onPostgres) expect(succeeded).toBeGreaterThan(1);
      else expect(succeeded).toBe(1);
    },
  );

  it('联系不上 can later become 已通知, never the other way; the list is done only when everyone is told or has seen it', async () => {
    const { listId, entryId } = await freshEntry();
    expect((await tick(listId, entryId, { outcome: 'unreachable', note: '无人接听' })).statusCode).toBe(200);
    expect(await readList(listId)).toMatchObject({ unreachable: 1, done: false });
    expect(errorCode(await tick(listId, entryId, { outcome: 'unreachable' }))).toBe('CALL_ALREADY_RECORDED');
    const told = await tick(listId, entryId, { outcome: 'told', note: '女儿转告' });
    expect(told.statusCode).toBe(200);
    expect(told.json()).toMatchObject({ status: 'told', outcomeNote: '女儿转告' });
    expect(await readList(listId)).toMatchObject({ done: true });
    const back = await tick(listId, entryId, { outcome: 'unreachable' });
    expect(back.statusCode).toBe(409);
    expect(back.json()).toMatchObject({ error: { outcome: 'told', byName: expect.any(String) } });
  });

  it.each([
    [{ outcome: 'maybe' }, 'outcome'],
    [{}, 'outcome'],
    [{ outcome: 'told', note: '打通了\u0000' }, 'note'],
    [{ outcome: 'told', note: '长'.repeat(201) }, 'note'],
    [{ outcome: 'told', extra: 1 }, ''],
  ])('refuses %j with 400 naming the field, and writes nothing', async (payload, field) => {
    const { listId, entryId } = await freshEntry();
    const before = await databaseFingerprint(t.deps);
    const response = await tick(listId, entryId, payload);
    expect(response.statusCode).toBe(400);
    if (field) expect(errorFields(response)).toContain(field);
    expect(await databaseFingerprint(t.deps)).toBe(before);
  });

  it('refuses ids that are not plain digits (400) and an entry of another list (404)', async () => {
    const a = await freshEntry();
    const b = await freshEntry();
    expect((await tick(a.listId, '0x1' as unknown as number, { outcome: 'told' })).statusCode).toBe(400);
    expect((await tick(a.listId, b.entryId, { outcome: 'told' })).statusCode).toBe(404);
  });
});

describe('the contact phone', () => {
  it('is validated at registration (400 naming the field, nothing written) and masked in lists', async () => {
    const before = await databaseFingerprint(t.deps);
    const bad = await inject('POST', '/api/residents', staffCookie, {
      name: '陈阿婆',
      communityId: community.id,
      birthDate: '1940-01-01',
      contactPhone: '12345',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toEqual(['contactPhone']);
    const noteAlone = await inject('POST', '/api/residents', staffCookie, {
      name: '陈阿婆',
      communityId: community.id,
      birthDate: '1940-01-01',
      contactNote: '女儿',
    });
    expect(errorFields(noteAlone)).toEqual(['contactNote']);
    expect(await databaseFingerprint(t.deps)).toBe(before);

    const { id } = await deskOnly('陈阿婆', '(0571) 8765 4321');
    const detail = (await inject('GET', `/api/residents/${id}`, staffCookie)).json();
    expect(detail).toMatchObject({ contactPhoneMasked: '0571******21', contactNote: '女儿' });
    const list = (await inject('GET', `/api/residents?q=${encodeURIComponent('陈阿婆')}`, staffCookie)).json() as {
      residents: { id: number; contactPhoneMasked: string }[];
    };
    expect(list.residents.find((r) => r.id === id)?.contactPhoneMasked).toBe('0571******21');
    expect(JSON.stringify(list)).not.toContain('057187654321');
  });

  it('is changed and removed through the resident edit; a note needs a number', async () => {
    const { id } = await deskOnly('褚大爷');
    const changed = await inject('PATCH', `/api/residents/${id}`, staffCookie, {
      contactPhone: '139 0000 2222',
      contactNote: '儿子',
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await inject('GET', `/api/residents/${id}`, staffCookie)).json()).toMatchObject({
      contactPhoneMasked: '139****2222',
      contactNote: '儿子',
    });
    expect((await inject('PATCH', `/api/residents/${id}`, staffCookie, { contactPhone: null })).statusCode).toBe(204);
    expect((await inject('GET', `/api/residents/${id}`, staffCookie)).json()).toMatchObject({
      contactPhoneMasked: null,
      contactNote: null,
    });
    const orphanNote = await inject('PATCH', `/api/residents/${id}`, staffCookie, { contactNote: '女儿' });
    expect(orphanNote.statusCode).toBe(400);
    expect(errorFields(orphanNote)).toEqual(['contactNote']);
  });
});

/**
 * The negative control: reads the outcome, then writes it if it was empty, in one transaction — the
 * check-then-write a careless tick would do. Answers whether it wrote.
 */
async function naiveTick(deps: AppDeps, entryId: number): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('call_list_entries')
      .select('outcome')
      .where('id', '=', entryId)
      .executeTakeFirstOrThrow();
    if (row.outcome) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await trx.updateTable('call_list_entries').set({ outcome: 'told' }).where('id', '=', entryId).execute();
    return true;
  });
}
