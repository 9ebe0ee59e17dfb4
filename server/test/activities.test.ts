import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, buildWeeklyMenuCast } from './support/weekly-menu.js';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildPointsRules, buildResident } from './support/factories.js';
import { expectLedgerInvariants, ledgerCount } from './support/ledger.js';
import { checkinCodeAt } from '../src/modules/activities/checkin-code.js';

/**
 * The weekly menu end to end over HTTP. "Now" is Saturday 28 November 2026, 10:00 in the county:
 * submissions for week 49 closed on Thursday; week 50 (7–13 December) is open until Thursday
 * 3 December 18:00.
 */
let t: TestApp;
let east: { id: number };
let west: { id: number };
let eastCookie: string;
let westCookie: string;
let adminCookie: string;
let hall: number;
let westHall: number;
let rules: Record<'ACT', number>;

beforeAll(async () => {
  t = await createTestApp();
  ({ east, west, eastCookie, westCookie, adminCookie, hall, westHall } = await buildWeeklyMenuCast(t));
  rules = await buildPointsRules(t.deps, east.id, [
    { code: 'ACT', name: '参加活动', category: '活动参与', points: 3, caps: { perDay: 2 } },
  ]);
});
afterAll(async () => {
  await expectLedgerInvariants(t.deps);
  await t.close();
});

async function create(payload: object, cookie = eastCookie) {
  return t.app.inject({
    method: 'POST',
    url: '/api/activities',
    headers: { cookie },
    payload: {
      communityId: east.id,
      title: '健康讲座',
      category: '健康讲座',
      venueId: hall,
      startsAt: at(8, 9),
      endsAt: at(8, 11),
      capacity: 20,
      ...payload,
    },
  });
}
const act = (id: number, verb: string, cookie: string, payload?: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/activities/${id}/${verb}`,
    headers: { cookie },
    ...(payload ? { payload } : {}),
  });

async function publishedActivity(payload: object = {}) {
  const id = (await create(payload)).json().id;
  expect((await act(id, 'submit', eastCookie)).statusCode).toBe(200);
  expect((await act(id, 'approve', adminCookie)).statusCode).toBe(200);
  expect(
    (await t.app.inject({ method: 'POST', url: '/api/menus/2026-W50/publish', headers: { cookie: adminCookie } }))
      .statusCode,
  ).toBe(200);
  return id as number;
}

async function residentOf(communityId: number) {
  const r = await buildResident(t.deps, { communityId, withLogin: true });
  return { ...r, cookie: await signIn(t.app, r.phone!) };
}

describe('社区提前报: drafts and submissions', () => {
  it('creates a draft and submits it before the deadline; after the deadline it is 409 SUBMISSION_CLOSED', async () => {
    const created = await create({});
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: expect.any(Number), status: 'draft' });
    expect((await act(created.json().id, 'submit', eastCookie)).json()).toMatchObject({ status: 'submitted' });

    const thisWeek = (await create({ startsAt: at(1, 9), endsAt: at(1, 10) })).json().id; // Tuesday 1 December: week 49
    const late = await act(thisWeek, 'submit', eastCookie);
    expect(late.statusCode).toBe(409);
    expect(errorCode(late)).toBe('SUBMISSION_CLOSED');
    expect(late.json().error.message).toContain('11月26日 18:00');
    const row = await t.db
      .selectFrom('activities')
      .select('status')
      .where('id', '=', thisWeek)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');

    t.clock.set('2026-12-03T09:59:59.000Z'); // Thursday 17:59:59 in the county: still open for week 50
    expect((await act((await create({})).json().id, 'submit', eastCookie)).statusCode).toBe(200);
    t.clock.set('2026-12-03T10:00:01.000Z'); // 18:00:01: closed
    expect(errorCode(await act((await create({})).json().id, 'submit', eastCookie))).toBe('SUBMISSION_CLOSED');
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  it("accepts the contract's `venue` as a venue id or a place name", async () => {
    const byId = await create({ venueId: undefined, venue: hall });
    expect(byId.statusCode).toBe(201);
    const byName = await create({ venueId: undefined, venue: '东城广场' });
    expect(byName.statusCode).toBe(201);
    const rows = await t.db
      .selectFrom('activities')
      .select(['id', 'venue_id', 'place'])
      .where('id', 'in', [byId.json().id, byName.json().id])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.venue_id, r.place])).toEqual([
      [hall, null],
      [null, '东城广场'],
    ]);
  });

  it.each([
    ['an end before the start', { endsAt: at(8, 8) }, 'endsAt'],
    ['a start in the past', { startsAt: '2026-11-20T09:00:00+08:00', endsAt: '2026-11-20T10:00:00+08:00' }, 'startsAt'],
    ['a time without a zone', { startsAt: '2026-12-08 09:00' }, 'startsAt'],
    ['an unknown category', { category: '打麻将' }, 'category'],
    ["another community's venue", { venueId: -1 }, 'venueId'],
    ['zero places', { capacity: 0 }, 'capacity'],
    ['a title of 41 characters', { title: '讲'.repeat(41) }, 'title'],
    ['an unknown points rule', { pointsRuleId: 999_999 }, 'pointsRuleId'],
    [
      'a start in the year 9999',
      { startsAt: '9999-12-31T20:00:00-08:00', endsAt: '9999-12-31T21:00:00-08:00' },
      'startsAt',
    ],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_label, patch, field) => {
    const before = Number(
      (
        await t.db
          .selectFrom('activities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const payload = { ...patch } as Record<string, unknown>;
    if (payload.venueId === -1) payload.venueId = westHall;
    const response = await create(payload);
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toContain(field);
    const after = Number(
      (
        await t.db
          .selectFrom('activities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);
  });

  it('refuses a partner for a community that does not exist', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/partners',
      headers: { cookie: adminCookie },
      payload: { kind: 'unit', name: '县医院', communityId: 999_999 },
    });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toEqual(['communityId']);
  });

  it('keeps staff to their community and review to the center', async () => {
    expect((await create({ communityId: west.id, venueId: westHall })).statusCode).toBe(403);
    const id = (await create({})).json().id;
    await act(id, 'submit', eastCookie);
    expect((await act(id, 'approve', eastCookie)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/menus/2026-W50/publish', headers: { cookie: eastCookie } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('中心及时告: review, clashes and publication', () => {
  it('flags a venue clash and a partner in two places at once; returns one with a reason; publishes the week in one step', async () => {
    const partner = (
      await t.app.inject({
        method: 'POST',
        url: '/api/partners',
        headers: { cookie: adminCookie },
        payload: { kind: 'inheritor', name: '草编非遗传承人' },
      })
    ).json().id;
    const a = (
      await create({
        title: '古琴课堂',
        category: '古琴课堂',
        startsAt: at(9, 9),
        endsAt: at(9, 11),
        partnerIds: [partner],
      })
    ).json().id;
    const b = (await create({ title: '书画交流', category: '书画交流', startsAt: at(9, 10), endsAt: at(9, 12) })).json()
      .id;
    const c = (
      await create(
        {
          communityId: west.id,
          venueId: westHall,
          title: '草编培训',
          category: '草编培训',
          startsAt: at(9, 10, 30),
          endsAt: at(9, 11, 30),
          partnerIds: [partner],
        },
        westCookie,
      )
    ).json().id;
    const d = (
      await create({
        title: '读书会',
        category: '读书会',
        startsAt: at(9, 11),
        endsAt: at(9, 12) /* after a ends: no clash with a */,
      })
    ).json().id;
    for (const [id, cookie] of [
      [a, eastCookie],
      [b, eastCookie],
      [c, westCookie],
      [d, eastCookie],
    ] as const)
      expect((await act(id, 'submit', cookie)).statusCode).toBe(200);

    const review = (
      await t.app.inject({ method: 'GET', url: '/api/menus/2026-W50/submissions', headers: { cookie: adminCookie } })
    ).json();
    expect(review.clashes).toEqual(
      expect.arrayContaining([
        { kind: 'venue', venueId: hall, activityIds: [a, b] },
        { kind: 'partner', partnerId: partner, activityIds: [a, c] },
      ]),
    );
    expect(
      review.clashes.some((x: { activityIds: number[] }) => x.activityIds.includes(d) && x.activityIds.includes(a)),
    ).toBe(false);
    expect(review.deadline).toBe('2026-12-03T10:00:00.000Z');

    const returned = await act(b, 'return', adminCookie, { reason: '与古琴课堂同一场地同一时间，请改到下午' });
    expect(returned.json()).toMatchObject({ status: 'returned' });
    expect((await act(b, 'return', adminCookie, { reason: '' })).statusCode).toBe(400);
    for (const id of [a, c, d]) expect((await act(id, 'approve', adminCookie)).statusCode).toBe(200);
    const clashesAfter = (
      await t.app.inject({ method: 'GET', url: '/api/menus/2026-W50/clashes', headers: { cookie: adminCookie } })
    ).json();
    // A returned activity is out of the running: its clash disappears.
    expect(clashesAfter.some((x: { activityIds: number[] }) => x.activityIds.includes(b))).toBe(false);
    expect(clashesAfter).toContainEqual({ kind: 'partner', partnerId: partner, activityIds: [a, c] });

    expect((await t.app.inject({ method: 'GET', url: '/api/public/menus/2026-W50' })).statusCode).toBe(404);
    const published = await t.app.inject({
      method: 'POST',
      url: '/api/menus/2026-W50/publish',
      headers: { cookie: adminCookie },
    });
    expect(published.json()).toMatchObject({ week: '2026-W50', published: expect.any(Number) });
    const menu = (await t.app.inject({ method: 'GET', url: '/api/public/menus/2026-W50' })).json();
    const titles = menu.communities.flatMap((x: { activities: { title: string }[] }) =>
      x.activities.map((y) => y.title),
    );
    expect(titles).toEqual(expect.arrayContaining(['古琴课堂', '读书会', '草编培训']));
    expect(titles).not.toContain('书画交流');
    expect(menu.communities.map((x: { name: string }) => x.name)).toEqual(['东城社区', '西城社区']);
    const staffView = (
      await t.app.inject({ method: 'GET', url: `/api/activities/${b}`, headers: { cookie: eastCookie } })
    ).json();
    expect(staffView).toMatchObject({ status: 'returned', returnReason: '与古琴课堂同一场地同一时间，请改到下午' });
  });

  it('publishes a single activity at once (补充发布), outside the cycle, for a week already closed', async () => {
    const urgent = (
      await create({ title: '消防安全排查', category: '消防安全排查', startsAt: at(1, 15), endsAt: at(1, 17) })
    ).json().id;
    const response = await act(urgent, 'publish', adminCookie);
    expect(response.json()).toMatchObject({ status: 'published' });
    expect((await t.app.inject({ method: 'GET', url: `/api/public/activities/${urgent}` })).json()).toMatchObject({
      title: '消防安全排查',
      status: 'published',
    });
  });

  it("answers an unpublished week's article with 404 and a malformed week with 400", async () => {
    expect(errorCode(await t.app.inject({ method: 'GET', url: '/api/public/menus/2027-W10/article' }))).toBe(
      'WEEK_NOT_PUBLISHED',
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/public/menus/2026-W54/article' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/menus/2025-W53' })).statusCode).toBe(400); // 2025 has 52 ISO weeks
  });
});

describe('the WeChat article and the calendar', () => {
  it('survives the official-account editor: inline styles only, escaped text, ≤ 677 px, < 20,000 characters, title ≤ 32', async () => {
    const nasty = '<script>alert("x")</script> 邻里"共舞" & 🎉';
    const id = (
      await create({
        title: nasty.slice(0, 40),
        category: '邻里共舞',
        description: 'x',
        startsAt: at(10, 19),
        endsAt: at(10, 21),
        capacity: null,
      })
    ).json().id;
    await act(id, 'submit', eastCookie);
    await act(id, 'approve', adminCookie);
    await t.app.inject({ method: 'POST', url: '/api/menus/2026-W50/publish', headers: { cookie: adminCookie } });
    const response = await t.app.inject({ method: 'GET', url: '/api/public/menus/2026-W50/article' });
    expect(response.statusCode).toBe(200);
    const { title, html } = response.json() as { title: string; html: string };
    expect(Array.from(title).length).toBeLessThanOrEqual(32);
    expect(title).toContain('下周活动预告');
    expect(html.length).toBeLessThan(20_000);
    expect(html).not.toMatch(/<style|<script|<link|<iframe/i);
    expect(html).not.toMatch(/\sclass=|\sid=|url\(#|var\(--/i);
    expect(html).not.toMatch(/position\s*:\s*(absolute|fixed|relative)|\b(top|left|right|bottom)\s*:/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('邻里&quot;共舞&quot; &amp; 🎉');
    // Every element that has attributes has only style="…"
    for (const tag of html.match(/<[a-z]+\s[^>]*>/gi) ?? []) expect(tag).toMatch(/^<[a-z]+ style="[^"]*">$/i);
    for (const width of html.matchAll(/(?:max-)?width\s*:\s*(\d+)px/gi))
      expect(Number(width[1])).toBeLessThanOrEqual(677);
    // Tables only inside a horizontally scrollable section.
    const tables = html.match(/<table/g) ?? [];
    expect(tables.length).toBeGreaterThan(0);
    expect((html.match(/<section style="overflow-x:auto;[^"]*"><table/g) ?? []).length).toBe(tables.length);
  });

  it('stays under 20,000 characters for a very full week, saying how many were left out', async () => {
    const { renderArticle } = await import('../src/modules/menus/menus.article.js');
    const many = Array.from({ length: 400 }, (_, i) => ({
      title: `活动${i}`,
      category: '健康讲座',
      venue: '党群服务中心',
      startsAt: '2026-12-07T01:00:00Z',
      endsAt: '2026-12-07T03:00:00Z',
      capacity: 20,
      points: 3,
      partners: ['某单位'],
      answersNeeds: i % 2 === 0,
      status: 'published' as const,
      changed: false,
    }));
    const article = renderArticle({
      centerName: '测试中心',
      week: '2026-W50',
      menuUrl: 'https://example.org/menu/2026-W50',
      communities: Array.from({ length: 8 }, (_, c) => ({
        name: `社区${c}`,
        activities: many.slice(c * 50, c * 50 + 50),
      })),
    });
    expect(article.html.length).toBeLessThan(20_000);
    expect(article.truncated).toBe(true);
    expect(article.html).toMatch(/另有\d+项活动未能在此列出/);
  });

  it('serves the week as an iCalendar feed with cancellations marked', async () => {
    const id = await publishedActivity({
      title: '瑜伽课堂',
      category: '瑜伽课堂',
      startsAt: at(11, 19),
      endsAt: at(11, 20),
    });
    await act(id, 'cancel', eastCookie, { reason: '老师生病' });
    const response = await t.app.inject({ method: 'GET', url: '/api/public/menus/2026-W50/calendar.ics' });
    expect(response.headers['content-type']).toContain('text/calendar');
    const ics = response.body;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    expect(ics).toContain(`UID:activity-${id}@zhongli`);
    expect(ics).toContain('DTSTART:20261211T110000Z');
    const event = ics.slice(ics.indexOf(`UID:activity-${id}@zhongli`));
    expect(event.slice(0, event.indexOf('END:VEVENT'))).toContain('STATUS:CANCELLED');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });
});

describe('群众参与广: sign-up, waitlist, check-in', () => {
  it('waitlists when full and promotes the first waitlisted on a cancellation, telling them in the app', async () => {
    const id = await publishedActivity({
      title: '艾灸培训',
      category: '艾灸培训',
      capacity: 1,
      startsAt: at(12, 9),
      endsAt: at(12, 11),
    });
    const first = await residentOf(east.id);
    const second = await residentOf(east.id);
    const r1 = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/registrations`,
      headers: { cookie: first.cookie },
      payload: {},
    });
    expect(r1.json()).toMatchObject({ status: 'registered' });
    const r2 = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/registrations`,
      headers: { cookie: second.cookie },
      payload: {},
    });
    expect(r2.json()).toMatchObject({ status: 'waitlisted', position: 1 });
    expect(
      errorCode(
        await t.app.inject({
          method: 'POST',
          url: `/api/activities/${id}/registrations`,
          headers: { cookie: first.cookie },
          payload: {},
        }),
      ),
    ).toBe('ALREADY_REGISTERED');
    const foreign = await residentOf(west.id);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/activities/${id}/registrations`,
          headers: { cookie: eastCookie },
          payload: { residentId: foreign.id },
        })
      ).statusCode,
    ).toBe(403);

    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/activities/${id}/registrations/${r1.json().id}`,
          headers: { cookie: second.cookie },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/activities/${id}/registrations/${r1.json().id}`,
          headers: { cookie: first.cookie },
        })
      ).statusCode,
    ).toBe(204);
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/activities/${id}/registrations`, headers: { cookie: eastCookie } })
    ).json();
    expect(list).toEqual([expect.objectContaining({ residentId: second.id, status: 'registered' })]);
    const notices = (
      await t.app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: second.cookie } })
    ).json();
    expect(notices.unread).toBe(1);
    expect(notices.items[0]).toMatchObject({ kind: 'registration.promoted', link: `/activities/${id}` });
    const activity = (await t.app.inject({ method: 'GET', url: `/api/public/activities/${id}` })).json();
    expect(activity).toMatchObject({ registered: 1, remaining: 0, waitlisted: 0 });
  });

  it('lets staff sign a resident up at the desk (代报名), audited', async () => {
    const id = await publishedActivity({
      title: '社保服务',
      category: '社保服务',
      startsAt: at(12, 14),
      endsAt: at(12, 16),
    });
    const senior = await buildResident(t.deps, { communityId: east.id });
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/registrations`,
      headers: { cookie: eastCookie },
      payload: { residentId: senior.id },
    });
    expect(response.statusCode).toBe(201);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'activity.register')
      .where('on_behalf_resident_id', '=', senior.id)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('checks in with the rotating code in the window, awards the points once, and refuses forged, expired, early and second check-ins', async () => {
    const id = await publishedActivity({
      title: '反诈直播',
      category: '反诈直播',
      pointsRuleId: rules.ACT,
      startsAt: at(8, 14),
      endsAt: at(8, 16),
    });
    const resident = await residentOf(east.id);
    await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/registrations`,
      headers: { cookie: resident.cookie },
      payload: {},
    });
    const checkIn = (payload: object, cookie = resident.cookie) =>
      t.app.inject({ method: 'POST', url: `/api/activities/${id}/checkins`, headers: { cookie }, payload });
    const secret = (
      await t.db.selectFrom('activities').select('checkin_secret').where('id', '=', id).executeTakeFirstOrThrow()
    ).checkin_secret;

    t.clock.set('2026-12-08T05:00:00.000Z'); // 13:00, an hour before: too early
    const early = await checkIn({ code: checkinCodeAt(secret, id, t.clock.now()).code });
    expect(errorCode(early)).toBe('CHECKIN_CLOSED');

    t.clock.set('2026-12-08T05:40:00.000Z'); // 13:40: within the 30 minutes before
    const shown = await t.app.inject({
      method: 'GET',
      url: `/api/activities/${id}/checkin-code`,
      headers: { cookie: eastCookie },
    });
    expect(shown.json()).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) });
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/activities/${id}/checkin-code`,
          headers: { cookie: resident.cookie },
        })
      ).statusCode,
    ).toBe(403);
    const forged = await checkIn({ code: String((Number(shown.json().code) + 1) % 1_000_000).padStart(6, '0') });
    expect(forged.statusCode).toBe(400);
    expect(errorCode(forged)).toBe('CHECKIN_CODE_INVALID');
    t.clock.advance(65_000); // the shown code is now older than its two slots
    expect(errorCode(await checkIn({ code: shown.json().code }))).toBe('CHECKIN_CODE_INVALID');
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(0);

    const fresh = (
      await t.app.inject({ method: 'GET', url: `/api/activities/${id}/checkin-code`, headers: { cookie: eastCookie } })
    ).json().code;
    const ok = await checkIn({ code: fresh });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ pointsAwarded: 3, balanceAfter: 3 });
    expect(errorCode(await checkIn({ code: fresh }))).toBe('ALREADY_CHECKED_IN');
    expect(await ledgerCount(t.deps, { residentId: resident.id })).toBe(1);
    const entry = await t.db
      .selectFrom('points_ledger')
      .selectAll()
      .where('resident_id', '=', resident.id)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      ref_type: 'activity',
      ref_id: String(id),
      idempotency_key: `checkin:${id}:${resident.id}`,
    });

    t.clock.set('2026-12-08T08:00:01.000Z'); // 16:00:01: after the end
    const walkIn = await residentOf(east.id);
    expect(errorCode(await checkIn({ code: checkinCodeAt(secret, id, t.clock.now()).code }, walkIn.cookie))).toBe(
      'CHECKIN_CLOSED',
    );
    // the center keeps check-in open 20 minutes past the end (报送截止与签到): the latecomer gets in, until then
    const center = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
    const setClose = (minutes: number) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/menus/settings',
        headers: { cookie: center },
        payload: {
          deadline: { weekday: 4, time: '18:00' },
          checkinOpensMinutesBefore: 30,
          checkinClosesMinutesAfter: minutes,
        },
      });
    expect((await setClose(20)).statusCode).toBe(200);
    const late = await checkIn({ code: checkinCodeAt(secret, id, t.clock.now()).code }, walkIn.cookie);
    expect(late.statusCode).toBe(201);
    t.clock.set('2026-12-08T08:20:01.000Z'); // 16:20:01: past the 20 minutes too
    const later = await residentOf(east.id);
    const refused = await checkIn({ code: checkinCodeAt(secret, id, t.clock.now()).code }, later.cookie);
    expect(errorCode(refused)).toBe('CHECKIN_CLOSED');
    expect(refused.json().error.closesAt).toBe('2026-12-08T08:20:00.000Z');
    expect((await setClose(0)).statusCode).toBe(200);
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  it('allows ten wrong codes per resident and activity in ten minutes; then even the right code waits', async () => {
    const id = await publishedActivity({
      title: '书画交流',
      category: '书画交流',
      startsAt: at(9, 9),
      endsAt: at(9, 11),
    });
    const other = await publishedActivity({
      title: '古琴课堂',
      category: '古琴课堂',
      startsAt: at(9, 9),
      endsAt: at(9, 11),
    });
    const [guesser, neighbour] = [await residentOf(east.id), await residentOf(east.id)];
    const secrets = await t.db
      .selectFrom('activities')
      .select(['id', 'checkin_secret'])
      .where('id', 'in', [id, other])
      .execute();
    const rightCode = (activityId: number) =>
      checkinCodeAt(secrets.find((a) => a.id === activityId)!.checkin_secret, activityId, t.clock.now()).code;
    const wrongCode = (activityId: number) => String((Number(rightCode(activityId)) + 1) % 1_000_000).padStart(6, '0');
    const checkIn = (activityId: number, code: string, cookie = guesser.cookie) =>
      t.app.inject({
        method: 'POST',
        url: `/api/activities/${activityId}/checkins`,
        headers: { cookie },
        payload: { code },
      });

    t.clock.set('2026-12-09T00:50:00.000Z'); // 08:50, ten minutes before the start
    for (let i = 0; i < 10; i++) expect(errorCode(await checkIn(id, wrongCode(id)))).toBe('CHECKIN_CODE_INVALID');
    const blocked = await checkIn(id, rightCode(id));
    expect(blocked.statusCode).toBe(429);
    expect(errorCode(blocked)).toBe('RATE_LIMITED');
    // Counted per resident and per activity: the neighbour and the other activity are not held up.
    expect((await checkIn(id, rightCode(id), neighbour.cookie)).statusCode).toBe(201);
    expect((await checkIn(other, rightCode(other))).statusCode).toBe(201);
    expect(await t.db.selectFrom('checkins').select('id').where('activity_id', '=', id).execute()).toHaveLength(1);
    expect(await t.db.selectFrom('login_throttle').selectAll().execute()).toEqual([]);

    t.clock.set('2026-12-09T00:59:59.999Z'); // just under ten minutes after the first wrong code: still waiting
    expect(errorCode(await checkIn(id, rightCode(id)))).toBe('RATE_LIMITED');
    t.clock.set('2026-12-09T01:00:00.000Z'); // ten minutes: a new window
    expect((await checkIn(id, rightCode(id))).statusCode).toBe(201);
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  it('does not count a right code against the limit', async () => {
    const id = await publishedActivity({
      title: '瑜伽课堂',
      category: '瑜伽课堂',
      startsAt: at(9, 14),
      endsAt: at(9, 16),
    });
    const resident = await residentOf(east.id);
    const secret = (
      await t.db.selectFrom('activities').select('checkin_secret').where('id', '=', id).executeTakeFirstOrThrow()
    ).checkin_secret;
    const code = (right: boolean) => {
      const c = checkinCodeAt(secret, id, t.clock.now()).code;
      return right ? c : String((Number(c) + 1) % 1_000_000).padStart(6, '0');
    };
    const checkIn = (right: boolean) =>
      t.app.inject({
        method: 'POST',
        url: `/api/activities/${id}/checkins`,
        headers: { cookie: resident.cookie },
        payload: { code: code(right) },
      });
    t.clock.set('2026-12-09T05:50:00.000Z');
    for (let i = 0; i < 9; i++) expect(errorCode(await checkIn(false))).toBe('CHECKIN_CODE_INVALID');
    expect((await checkIn(true)).statusCode).toBe(201);
    const counter = await t.db
      .selectFrom('checkin_code_failures')
      .select('failures')
      .where('activity_id', '=', id)
      .where('resident_id', '=', resident.id)
      .executeTakeFirstOrThrow();
    expect(counter.failures).toBe(9); // the right code gave its try back
    expect(errorCode(await checkIn(false))).toBe('CHECKIN_CODE_INVALID'); // so a tenth wrong code is still looked at
    expect(errorCode(await checkIn(false))).toBe('RATE_LIMITED');
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  it("gives a neighbour from another community the organising community's points", async () => {
    const id = await publishedActivity({
      title: '健康讲座（开放）',
      category: '健康讲座',
      pointsRuleId: rules.ACT,
      startsAt: at(11, 9),
      endsAt: at(11, 11),
    });
    const neighbour = await buildResident(t.deps, { communityId: west.id });
    const { member_code: memberCode } = await t.db
      .selectFrom('residents')
      .select('member_code')
      .where('id', '=', neighbour.id)
      .executeTakeFirstOrThrow();
    t.clock.set('2026-12-11T01:10:00.000Z');
    // Ticking an unregistered stranger's id is refused; their member card is the way in.
    const byId = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/checkins`,
      headers: { cookie: eastCookie },
      payload: { residentId: neighbour.id },
    });
    expect(byId.statusCode).toBe(403);
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/checkins`,
      headers: { cookie: eastCookie },
      payload: { memberCode },
    });
    t.clock.set('2026-11-28T02:00:00.000Z');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ pointsAwarded: 3, pointsNote: null });
    expect(await ledgerCount(t.deps, { residentId: neighbour.id })).toBe(1);
  });

  it('checks in a walk-in by member card while places remain, and refuses once full', async () => {
    const id = await publishedActivity({
      title: '普法宣传',
      category: '普法宣传',
      capacity: 1,
      startsAt: at(9, 14),
      endsAt: at(9, 16),
    });
    const a = await buildResident(t.deps, { communityId: east.id });
    const b = await buildResident(t.deps, { communityId: east.id });
    const codes = await t.db
      .selectFrom('residents')
      .select(['id', 'member_code'])
      .where('id', 'in', [a.id, b.id])
      .execute();
    const codeOf = (rid: number) => codes.find((c) => c.id === rid)!.member_code;
    t.clock.set('2026-12-09T06:00:00.000Z');
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/checkins`,
      headers: { cookie: eastCookie },
      payload: { memberCode: codeOf(a.id) },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ pointsAwarded: 0 });
    const full = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/checkins`,
      headers: { cookie: eastCookie },
      payload: { memberCode: codeOf(b.id) },
    });
    expect(errorCode(full)).toBe('ACTIVITY_FULL');
    const badCode = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/checkins`,
      headers: { cookie: eastCookie },
      payload: { memberCode: '1234567890' },
    });
    expect(badCode.statusCode).toBe(400);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/activities/${id}/checkins`,
          headers: { cookie: westCookie },
          payload: { memberCode: codeOf(b.id) },
        })
      ).statusCode,
    ).toBe(403);
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  it('marks a changed and a cancelled activity on the outputs and tells the registrants', async () => {
    const id = await publishedActivity({
      title: '邻里共舞',
      category: '邻里共舞',
      startsAt: at(10, 9),
      endsAt: at(10, 10),
    });
    const resident = await residentOf(east.id);
    await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/registrations`,
      headers: { cookie: resident.cookie },
      payload: {},
    });
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/activities/${id}`,
      headers: { cookie: eastCookie },
      payload: { startsAt: at(10, 15), endsAt: at(10, 16), changeNote: '改到下午三点' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/public/activities/${id}` })).json()).toMatchObject({
      changed: true,
      changeNote: '改到下午三点',
    });
    await act(id, 'cancel', eastCookie, { reason: '场地维修' });
    const menu = (await t.app.inject({ method: 'GET', url: '/api/public/menus/2026-W50' })).json();
    const listed = menu.communities
      .flatMap((c: { activities: { id: number; status: string; cancelReason: string }[] }) => c.activities)
      .find((a: { id: number }) => a.id === id);
    expect(listed).toMatchObject({ status: 'cancelled', cancelReason: '场地维修' });
    const notices = (
      await t.app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: resident.cookie } })
    ).json();
    expect(notices.items.map((n: { kind: string }) => n.kind)).toEqual(['activity.cancelled', 'activity.changed']);
    expect(
      errorCode(
        await t.app.inject({
          method: 'POST',
          url: `/api/activities/${id}/registrations`,
          headers: { cookie: (await residentOf(east.id)).cookie },
          payload: {},
        }),
      ),
    ).toBe('INVALID_STATE');
  });
});
