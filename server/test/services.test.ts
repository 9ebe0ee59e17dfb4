import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCommunity, buildResident, buildStaff, buildUser } from './support/factories.js';

/**
 * The 1元理发屋 over HTTP. "Now" is Saturday 28 November 2026, 10:00 in the county: the 5 December
 * sessions opened for booking today at 08:00 (7 days ahead); 15 December's open on 8 December.
 */
let t: TestApp;
let miaopu: { id: number };
let other: { id: number };
let staffCookie: string;
let otherStaffCookie: string;
let serviceId: number;

const service = (patch: object = {}) => ({
  name: '1元理发屋',
  communityId: miaopu.id,
  venue: '理发屋',
  priceFen: 100,
  schedule: {
    daysOfMonth: [5, 15],
    sessions: [
      { period: '上午', start: '08:30', end: '11:30', capacity: 25 },
      { period: '下午', start: '14:30', end: '17:00', capacity: 25 },
    ],
  },
  eligibility: { minAge: 60, scope: 'community' },
  bookingOpensDaysAhead: 7,
  volunteersPerSession: 2,
  ...patch,
});

beforeAll(async () => {
  t = await createTestApp();
  miaopu = await buildCommunity(t.deps, '苗圃社区');
  other = await buildCommunity(t.deps, '东城社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, miaopu.id)).phone);
  otherStaffCookie = await signIn(t.app, (await buildStaff(t.deps, other.id)).phone);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/services',
    headers: { cookie: staffCookie },
    payload: service(),
  });
  expect(created.statusCode).toBe(201);
  serviceId = created.json().id;
});
afterAll(() => t.close());

async function sessions() {
  return (
    await t.app.inject({
      method: 'GET',
      url: `/api/public/services/${serviceId}/sessions?from=2026-11-28&to=2027-01-31`,
    })
  ).json() as {
    id: number;
    date: string;
    period: string;
    remaining: number;
    bookingOpensAt: string;
    scope: string;
    status: string;
  }[];
}
async function senior(communityId = miaopu.id, birthDate = '1950-05-05') {
  const r = await buildResident(t.deps, { communityId, birthDate, withLogin: true });
  return { ...r, cookie: await signIn(t.app, r.phone!) };
}
const book = (cookie: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/bookings', headers: { cookie, ...headers }, payload });
const bookingCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('sessions from the rule', () => {
  it('generates the 5th and 15th, morning and afternoon, with booking opening 7 days ahead at 08:00', async () => {
    const list = await sessions();
    expect(list.slice(0, 4).map((s) => `${s.date} ${s.period}`)).toEqual([
      '2026-12-05 上午',
      '2026-12-05 下午',
      '2026-12-15 上午',
      '2026-12-15 下午',
    ]);
    expect(list[0]).toMatchObject({ remaining: 25, bookingOpensAt: '2026-11-28T00:00:00.000Z', scope: 'community' });
  });

  it.each([
    ['a negative fee', { priceFen: -100 }, 'priceFen'],
    [
      'zero places',
      { schedule: { daysOfMonth: [5], sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 0 }] } },
      'schedule.sessions.0.capacity',
    ],
    [
      'an absurd number of places',
      {
        schedule: { daysOfMonth: [5], sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 100_000 }] },
      },
      'schedule.sessions.0.capacity',
    ],
    [
      'a 32nd of the month',
      { schedule: { daysOfMonth: [32], sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 25 }] } },
      'schedule.daysOfMonth.0',
    ],
    [
      'an end before the start',
      { schedule: { daysOfMonth: [5], sessions: [{ period: '上午', start: '11:30', end: '08:30', capacity: 25 }] } },
      'schedule.sessions.0.end',
    ],
  ])('refuses a service with %s, writing nothing', async (_label, patch, field) => {
    const before = Number(
      (
        await t.db
          .selectFrom('services')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/services',
      headers: { cookie: staffCookie },
      payload: service({ name: `新服务${Math.random()}`, ...patch }),
    });
    expect(response.statusCode).toBe(400);
    expect(errorFields(response)).toContain(field);
    const after = Number(
      (
        await t.db
          .selectFrom('services')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);
  });
});

describe('booking (预约)', () => {
  it('books a senior of the community, with a queue number, and refuses a second booking of the same session', async () => {
    const [first] = await sessions();
    const s = await senior();
    const response = await book(s.cookie, { sessionId: first!.id });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ queueNumber: expect.any(Number), sessionId: first!.id });
    const again = await book(s.cookie, { sessionId: first!.id });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('ALREADY_BOOKED');
    const mine = (await t.app.inject({ method: 'GET', url: '/api/me/bookings', headers: { cookie: s.cookie } })).json();
    expect(mine).toEqual([
      expect.objectContaining({
        queueNumber: response.json().queueNumber,
        service: expect.objectContaining({ name: '1元理发屋', priceFen: 100 }),
      }),
    ]);
  });

  it('refuses by age on the service date: 60 on the birthday, not the day before', async () => {
    const [first] = await sessions(); // 5 December 2026
    const birthday = await senior(miaopu.id, '1966-12-05');
    expect((await book(birthday.cookie, { sessionId: first!.id })).statusCode).toBe(201);
    const dayBefore = await senior(miaopu.id, '1966-12-06');
    const refused = await book(dayBefore.cookie, { sessionId: first!.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'NOT_ELIGIBLE', reason: 'AGE', minAge: 60 });
  });

  it('keeps to the monthly limit, naming it in `limit`, and a cancellation gives the place in the month back', async () => {
    const c = await buildCommunity(t.deps);
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const svc = (
      await t.app.inject({
        method: 'POST',
        url: '/api/services',
        headers: { cookie },
        payload: service({ communityId: c.id, bookingOpensDaysAhead: 30, monthlyLimit: 1 }),
      })
    ).json().id;
    const [morning, afternoon] = (
      await t.app.inject({ method: 'GET', url: `/api/public/services/${svc}/sessions?from=2026-12-01&to=2026-12-05` })
    ).json() as { id: number }[];
    const s = await senior(c.id);
    const first = await book(s.cookie, { sessionId: morning!.id });
    expect(first.statusCode).toBe(201);
    const before = await bookingCount();
    const second = await book(s.cookie, { sessionId: afternoon!.id });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'LIMIT_REACHED', limit: 1, message: '每人每月限预约 1 次' });
    expect(await bookingCount()).toBe(before);
    await t.app.inject({ method: 'DELETE', url: `/api/bookings/${first.json().id}`, headers: { cookie: s.cookie } });
    expect((await book(s.cookie, { sessionId: afternoon!.id })).statusCode).toBe(201);
  });

  it("refuses another community's senior until the scope is widened, which reaches only sessions not yet open", async () => {
    const list = await sessions();
    const open = list[0]!;
    const later = list.find((s) => s.date === '2026-12-15')!;
    const outsider = await senior(other.id);
    const refused = await book(outsider.cookie, { sessionId: open.id });
    expect(refused.json().error).toMatchObject({ code: 'NOT_ELIGIBLE', reason: 'SCOPE' });
    const widened = await t.app.inject({
      method: 'PATCH',
      url: `/api/services/${serviceId}`,
      headers: { cookie: staffCookie },
      payload: { eligibility: { minAge: 60, scope: 'county' } },
    });
    expect(widened.statusCode).toBe(200);
    const after = await sessions();
    expect(after.find((s) => s.id === open.id)!.scope).toBe('community'); // already open: unchanged
    expect(after.find((s) => s.id === later.id)!.scope).toBe('county');
    expect((await book(outsider.cookie, { sessionId: open.id })).json().error.reason).toBe('SCOPE');
    t.clock.set('2026-12-08T00:00:00.000Z'); // 15 December's booking opens
    expect((await book(outsider.cookie, { sessionId: later.id })).statusCode).toBe(201);
    t.clock.set('2026-11-28T02:00:00.000Z');
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/services/${serviceId}`,
          headers: { cookie: otherStaffCookie },
          payload: { priceFen: 0 },
        })
      ).statusCode,
    ).toBe(403);
  });

  it("refuses before booking opens, for a cancelled session, a past session, an unknown resident and another community's staff", async () => {
    const list = await sessions();
    const notYet = list.find((s) => s.date === '2026-12-15')!;
    const s = await senior();
    const early = await book(s.cookie, { sessionId: notYet.id });
    expect(early.statusCode).toBe(409);
    expect(errorCode(early)).toBe('BOOKING_NOT_OPEN');
    expect(early.json().error.opensAt).toBe('2026-12-08T00:00:00.000Z');

    const cancelled = list.find((s) => s.date === '2026-12-05' && s.period === '下午')!;
    const booked = await senior();
    expect((await book(booked.cookie, { sessionId: cancelled.id })).statusCode).toBe(201);
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/service-sessions/${cancelled.id}/cancel`,
      headers: { cookie: staffCookie },
      payload: { reason: '理发师生病' },
    });
    expect(cancel.json()).toMatchObject({ status: 'cancelled', told: 1 });
    const notices = (
      await t.app.inject({ method: 'GET', url: '/api/notifications', headers: { cookie: booked.cookie } })
    ).json();
    expect(notices.items[0]).toMatchObject({ kind: 'session.cancelled', body: '理发师生病' });
    expect(errorCode(await book(s.cookie, { sessionId: cancelled.id }))).toBe('SESSION_CLOSED');

    t.clock.set('2026-12-05T04:00:00.000Z'); // 12:00 on the 5th: the morning is over
    expect(errorCode(await book(s.cookie, { sessionId: list[0]!.id }))).toBe('SESSION_CLOSED');
    t.clock.set('2026-11-28T02:00:00.000Z');

    const before = await bookingCount();
    const unknown = await book(staffCookie, { sessionId: list[0]!.id, residentId: 999_999 });
    expect(unknown.statusCode).toBe(400);
    expect(errorFields(unknown)).toEqual(['residentId']);
    expect((await book(staffCookie, { sessionId: 999_999, residentId: s.id })).statusCode).toBe(400);
    expect((await book(otherStaffCookie, { sessionId: list[0]!.id, residentId: s.id })).statusCode).toBe(403);
    expect(await bookingCount()).toBe(before);
  });

  it('frees the place on cancellation, for the next person', async () => {
    const [first] = await sessions();
    const s = await senior();
    const booking = (await book(s.cookie, { sessionId: first!.id })).json();
    const before = (await sessions()).find((x) => x.id === first!.id)!.remaining;
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/bookings/${booking.id}`, headers: { cookie: s.cookie } }))
        .statusCode,
    ).toBe(204);
    expect((await sessions()).find((x) => x.id === first!.id)!.remaining).toBe(before + 1);
    expect((await book(s.cookie, { sessionId: first!.id })).statusCode).toBe(201); // a new number, the same row
  });
});

describe("the day's queue (叫号)", () => {
  it('calls numbers in order, brings back a resident from the clinic first, records the fee and shows only numbers on the display', async () => {
    const c = await buildCommunity(t.deps);
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const svc = (
      await t.app.inject({
        method: 'POST',
        url: '/api/services',
        headers: { cookie },
        payload: service({ communityId: c.id, bookingOpensDaysAhead: 30 }),
      })
    ).json().id;
    const [session] = (
      await t.app.inject({ method: 'GET', url: `/api/public/services/${svc}/sessions?from=2026-12-01&to=2026-12-05` })
    ).json();
    const people = [];
    for (let i = 0; i < 3; i++) {
      const r = await buildResident(t.deps, { communityId: c.id, birthDate: '1950-01-01', name: `排队${i}号` });
      people.push({ ...r, booking: (await book(cookie, { sessionId: session.id, residentId: r.id })).json() });
    }
    const walkIn = await buildResident(t.deps, { communityId: c.id, birthDate: '1951-01-01', name: '现场老人' });
    const ticket = (await book(cookie, { sessionId: session.id, residentId: walkIn.id, walkIn: true })).json();
    expect(ticket.queueNumber).toBe(4);

    const barber = await buildUser(t.deps, [{ role: 'volunteer', communityId: c.id }]);
    const barberCookie = await signIn(t.app, barber.phone);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/service-sessions/${session.id}/queue/next`,
          headers: { cookie: barberCookie },
        })
      ).statusCode,
    ).toBe(403);
    await t.app.inject({
      method: 'POST',
      url: `/api/services/${svc}/volunteers`,
      headers: { cookie },
      payload: { userId: barber.id },
    });
    const next = () =>
      t.app
        .inject({
          method: 'POST',
          url: `/api/service-sessions/${session.id}/queue/next`,
          headers: { cookie: barberCookie },
        })
        .then((r) => r.json().called?.queueNumber);

    expect(await next()).toBe(1);
    await t.app.inject({
      method: 'POST',
      url: `/api/bookings/${people[1]!.booking.id}/away`,
      headers: { cookie: barberCookie },
    }); // 2 steps out to the clinic
    const attend = await t.app.inject({
      method: 'POST',
      url: `/api/bookings/${people[0]!.booking.id}/attend`,
      headers: { cookie: barberCookie },
      payload: { feePaidFen: 100 },
    });
    expect(attend.json()).toMatchObject({ state: 'served', feePaidFen: 100 });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/bookings/${people[0]!.booking.id}/attend`,
          headers: { cookie: barberCookie },
          payload: { feePaidFen: 100 },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/bookings/${people[0]!.booking.id}/attend`,
          headers: { cookie: barberCookie },
          payload: { feePaidFen: -1 },
        })
      ).statusCode,
    ).toBe(400);
    expect(await next()).toBe(3);
    let display = (
      await t.app.inject({ method: 'GET', url: `/api/public/service-sessions/${session.id}/display` })
    ).json();
    expect(display).toMatchObject({ current: 3, next: [4], away: [2], servedCount: 1 });
    expect(JSON.stringify(display)).not.toContain('排队');
    await t.app.inject({
      method: 'POST',
      url: `/api/bookings/${people[1]!.booking.id}/back`,
      headers: { cookie: barberCookie },
    });
    display = (await t.app.inject({ method: 'GET', url: `/api/public/service-sessions/${session.id}/display` })).json();
    expect(display.next).toEqual([2, 4]); // back from the clinic: before the next new number
    expect(await next()).toBe(2);
    await t.app.inject({
      method: 'POST',
      url: `/api/bookings/${people[2]!.booking.id}/attend`,
      headers: { cookie: barberCookie },
      payload: { feePaidFen: 100 },
    });
    const cash = (
      await t.app.inject({ method: 'GET', url: `/api/services/${svc}/cash?date=${session.date}`, headers: { cookie } })
    ).json();
    expect(cash).toMatchObject({ served: 2, feesFen: 200 });
    const queue = (
      await t.app.inject({
        method: 'GET',
        url: `/api/service-sessions/${session.id}/queue`,
        headers: { cookie: barberCookie },
      })
    ).json();
    expect(queue.counts).toMatchObject({ served: 2 });
    expect(queue.current.queueNumber).toBe(2);
  });
});

describe('the old /api/sessions/… paths', () => {
  it('answer as the /api/service-sessions/… ones do, and the OpenAPI document marks them deprecated', async () => {
    const c = await buildCommunity(t.deps);
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const svc = (
      await t.app.inject({
        method: 'POST',
        url: '/api/services',
        headers: { cookie },
        payload: service({ communityId: c.id, bookingOpensDaysAhead: 30 }),
      })
    ).json().id;
    const [morning, afternoon] = (
      await t.app.inject({ method: 'GET', url: `/api/public/services/${svc}/sessions?from=2026-12-01&to=2026-12-05` })
    ).json() as { id: number }[];
    const r = await buildResident(t.deps, { communityId: c.id, birthDate: '1950-01-01' });
    expect((await book(cookie, { sessionId: morning!.id, residentId: r.id })).statusCode).toBe(201);
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
    const post = (url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload });

    for (const [current, old] of [
      [`/api/service-sessions/${morning!.id}/queue`, `/api/sessions/${morning!.id}/queue`],
      [`/api/public/service-sessions/${morning!.id}/display`, `/api/public/sessions/${morning!.id}/display`],
    ] as const) {
      const answer = await get(current);
      expect(answer.statusCode).toBe(200);
      expect((await get(old)).json()).toEqual(answer.json());
    }
    // 叫下一位 on the old path calls the one number; on the new path nobody is left.
    expect((await post(`/api/sessions/${morning!.id}/queue/next`)).json()).toMatchObject({
      called: { queueNumber: 1 },
    });
    expect((await post(`/api/service-sessions/${morning!.id}/queue/next`)).json()).toEqual({ called: null });
    expect((await get(`/api/service-sessions/${morning!.id}/queue`)).json().current).toMatchObject({ queueNumber: 1 });
    // Either path calls a session off; a second time it is already closed.
    expect((await post(`/api/sessions/${afternoon!.id}/cancel`, { reason: '理发师生病' })).json()).toMatchObject({
      status: 'cancelled',
    });
    expect(errorCode(await post(`/api/service-sessions/${afternoon!.id}/cancel`, { reason: '理发师生病' }))).toBe(
      'SESSION_CLOSED',
    );
    expect((await post(`/api/service-sessions/${morning!.id}/cancel`, { reason: '停电' })).json()).toMatchObject({
      status: 'cancelled',
      told: 1,
    });

    await t.app.ready();
    const document = t.app.swagger() as { paths: Record<string, Record<string, { deprecated?: boolean }>> };
    for (const [path, method] of [
      ['/api/sessions/{id}/queue', 'get'],
      ['/api/sessions/{id}/queue/next', 'post'],
      ['/api/sessions/{id}/cancel', 'post'],
      ['/api/public/sessions/{id}/display', 'get'],
    ] as const) {
      expect(document.paths[path]![method]!.deprecated).toBe(true);
      expect(document.paths[path.replace('/sessions/', '/service-sessions/')]![method]!.deprecated).toBeFalsy();
    }
  });
});

describe('the clinic link (理发、问诊两不误)', () => {
  it('lets the barber give a waiting senior a 健康小屋 number the same day, shown on the queue; refuses other days, other communities and strangers', async () => {
    const c = await buildCommunity(t.deps);
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const svc = (
      await t.app.inject({
        method: 'POST',
        url: '/api/services',
        headers: { cookie },
        payload: service({ communityId: c.id, bookingOpensDaysAhead: 30 }),
      })
    ).json().id;
    const clinic = (
      await t.app.inject({
        method: 'POST',
        url: '/api/services',
        headers: { cookie },
        payload: service({
          communityId: c.id,
          name: '健康小屋义诊',
          priceFen: 0,
          volunteersPerSession: 0,
          eligibility: { minAge: null, scope: 'community' },
        }),
      })
    ).json().id;
    const elsewhere = await buildCommunity(t.deps);
    const elsewhereCookie = await signIn(t.app, (await buildStaff(t.deps, elsewhere.id)).phone);
    const otherClinic = (
      await t.app.inject({
        method: 'POST',
        url: '/api/services',
        headers: { cookie: elsewhereCookie },
        payload: service({ communityId: elsewhere.id, name: '义诊' }),
      })
    ).json().id;
    const daySessions = async (id: number) =>
      (
        await t.app.inject({ method: 'GET', url: `/api/public/services/${id}/sessions?from=2026-12-01&to=2026-12-31` })
      ).json() as { id: number; date: string; period: string }[];
    const [haircut] = await daySessions(svc);
    const clinicSessions = await daySessions(clinic);
    const sameDay = clinicSessions.find((s) => s.date === haircut!.date && s.period === haircut!.period)!;
    const laterDay = clinicSessions.find((s) => s.date !== haircut!.date)!;
    const r = await buildResident(t.deps, {
      communityId: c.id,
      birthDate: '1950-01-01',
      name: '候理发的老人',
      withLogin: true,
    });
    const booking = (await book(cookie, { sessionId: haircut!.id, residentId: r.id })).json();
    const barber = await buildUser(t.deps, [{ role: 'volunteer', communityId: c.id }]);
    const barberCookie = await signIn(t.app, barber.phone);
    await t.app.inject({
      method: 'POST',
      url: `/api/services/${svc}/volunteers`,
      headers: { cookie },
      payload: { userId: barber.id },
    });
    const companion = (sessionId: number, who = barberCookie) =>
      t.app.inject({
        method: 'POST',
        url: `/api/bookings/${booking.id}/companion`,
        headers: { cookie: who },
        payload: { sessionId },
      });

    // The queue screen offers the clinic's session of that day.
    const before = (
      await t.app.inject({
        method: 'GET',
        url: `/api/service-sessions/${haircut!.id}/queue`,
        headers: { cookie: barberCookie },
      })
    ).json();
    expect(before.companions.map((x: { sessionId: number }) => x.sessionId)).toContain(sameDay.id);
    expect(before.companions.map((x: { sessionId: number }) => x.sessionId)).toEqual([sameDay.id]); // not the afternoon's, not another day's

    const count = await bookingCount();
    expect(errorFields(await companion(laterDay.id))).toContain('sessionId');
    expect(errorFields(await companion((await daySessions(otherClinic))[0]!.id))).toContain('sessionId');
    expect(errorFields(await companion(haircut!.id))).toContain('sessionId');
    expect(errorCode(await companion(sameDay.id, elsewhereCookie))).toBe('FORBIDDEN');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/bookings/${booking.id}/companion`,
          headers: { cookie: barberCookie },
          payload: { sessionId: 'x' },
        })
      ).statusCode,
    ).toBe(400);
    expect(await bookingCount()).toBe(count);

    const taken = await companion(sameDay.id);
    expect(taken.statusCode).toBe(201);
    expect(taken.json()).toMatchObject({ queueNumber: 1, sessionId: sameDay.id });
    expect(errorCode(await companion(sameDay.id))).toBe('ALREADY_BOOKED');
    expect(await bookingCount()).toBe(count + 1);

    // The day's visit shows both: the haircut queue carries the clinic number…
    const after = (
      await t.app.inject({
        method: 'GET',
        url: `/api/service-sessions/${haircut!.id}/queue`,
        headers: { cookie: barberCookie },
      })
    ).json();
    expect(after.entries.find((e: { bookingId: number }) => e.bookingId === booking.id).alsoToday).toEqual([
      expect.objectContaining({
        sessionId: sameDay.id,
        serviceName: '健康小屋义诊',
        queueNumber: 1,
        state: 'waiting',
      }),
    ]);
    // …and the clinic's queue carries the haircut.
    const clinicQueue = (
      await t.app.inject({ method: 'GET', url: `/api/service-sessions/${sameDay.id}/queue`, headers: { cookie } })
    ).json();
    expect(clinicQueue.entries[0].alsoToday).toEqual([
      expect.objectContaining({ sessionId: haircut!.id, serviceName: '1元理发屋', queueNumber: booking.queueNumber }),
    ]);

    // Staff call the clinic's session off: its number is no longer one to go to, on the haircut's call screen
    // and on the resident's page, which says so first.
    const calledOff = await t.app.inject({
      method: 'POST',
      url: `/api/service-sessions/${sameDay.id}/cancel`,
      headers: { cookie },
      payload: { reason: '医生临时出诊' },
    });
    expect(calledOff.statusCode).toBe(200);
    const afterCallOff = (
      await t.app.inject({
        method: 'GET',
        url: `/api/service-sessions/${haircut!.id}/queue`,
        headers: { cookie: barberCookie },
      })
    ).json();
    expect(afterCallOff.entries.find((e: { bookingId: number }) => e.bookingId === booking.id).alsoToday).toEqual([]);
    const mine = (
      await t.app.inject({
        method: 'GET',
        url: '/api/me/bookings',
        headers: { cookie: await signIn(t.app, r.phone!) },
      })
    ).json() as { session: { id: number; status: string; cancelReason: string | null } }[];
    expect(mine.find((b) => b.session.id === sameDay.id)?.session).toMatchObject({
      status: 'cancelled',
      cancelReason: '医生临时出诊',
    });
  });
});

describe('the rota (排班)', () => {
  it('rotates six barbers fairly, warns about a session short of volunteers, and applies a swap when the colleague accepts', async () => {
    const c = await buildCommunity(t.deps);
    const cookie = await signIn(t.app, (await buildStaff(t.deps, c.id)).phone);
    const svc = (
      await t.app.inject({
        method: 'POST',
        url: '/api/services',
        headers: { cookie },
        payload: service({ communityId: c.id }),
      })
    ).json().id;
    const barbers = [];
    for (let i = 0; i < 6; i++) {
      const b = await buildUser(t.deps, [{ role: 'volunteer', communityId: c.id }], { name: `理发师${i}` });
      barbers.push({ ...b, cookie: await signIn(t.app, b.phone) });
      await t.app.inject({
        method: 'POST',
        url: `/api/services/${svc}/volunteers`,
        headers: { cookie },
        payload: { userId: b.id },
      });
    }
    const roster0 = (
      await t.app.inject({ method: 'GET', url: `/api/services/${svc}/roster?month=2026-12`, headers: { cookie } })
    ).json();
    const hard = roster0.sessions[3].id;
    for (const b of barbers.slice(1)) {
      expect(
        (
          await t.app.inject({
            method: 'PUT',
            url: `/api/services/${svc}/availability`,
            headers: { cookie: b.cookie },
            payload: { month: '2026-12', unavailableSessionIds: [hard] },
          })
        ).statusCode,
      ).toBe(200);
    }
    // The form reads back what a volunteer marked, only their own.
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/services/${svc}/availability?month=2026-12`,
          headers: { cookie: barbers[1]!.cookie },
        })
      ).json(),
    ).toEqual({ month: '2026-12', unavailableSessionIds: [hard] });
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/services/${svc}/availability?month=2026-12`,
          headers: { cookie: barbers[0]!.cookie },
        })
      ).json(),
    ).toEqual({ month: '2026-12', unavailableSessionIds: [] });
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/services/${svc}/availability?month=2026-13`,
          headers: { cookie: barbers[0]!.cookie },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/services/${svc}/availability?month=2026-12`,
          headers: { cookie },
        })
      ).statusCode,
    ).toBe(403);
    const roster = (
      await t.app.inject({
        method: 'POST',
        url: `/api/services/${svc}/roster/generate`,
        headers: { cookie },
        payload: { month: '2026-12' },
      })
    ).json();
    const counts = barbers.map(
      (b) =>
        roster.sessions
          .flatMap((s: { assigned: { userId: number }[] }) => s.assigned)
          .filter((a: { userId: number }) => a.userId === b.id).length,
    );
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(roster.sessions.find((s: { id: number }) => s.id === hard)).toMatchObject({ needed: 2, missing: 1 });

    const gapsFor = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/roster/gaps?days=30', headers: { cookie } })).json() as {
        sessionId: number;
        missing: number;
      }[];
    expect((await gapsFor()).map((g) => g.sessionId)).toEqual([hard]);

    // A swap: barber A asks B to take a shift; it applies only when B accepts.
    const shiftsA = (
      await t.app.inject({ method: 'GET', url: '/api/me/shifts', headers: { cookie: barbers[1]!.cookie } })
    ).json();
    const shift = shiftsA[0];
    const b = barbers.find(
      (x) =>
        !roster.sessions
          .find((s: { id: number }) => s.id === shift.session.id)
          .assigned.some((a: { userId: number }) => a.userId === x.id),
    )!;
    const swap = await t.app.inject({
      method: 'POST',
      url: '/api/roster/swaps',
      headers: { cookie: barbers[1]!.cookie },
      payload: { assignmentId: shift.assignmentId, toUserId: b.id },
    });
    expect(swap.json()).toMatchObject({ status: 'pending' });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/roster/swaps/${swap.json().id}/accept`,
          headers: { cookie: barbers[1]!.cookie },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/roster/swaps/${swap.json().id}/accept`,
          headers: { cookie: b.cookie },
        })
      ).json(),
    ).toMatchObject({ status: 'accepted' });
    const after = (
      await t.app.inject({ method: 'GET', url: `/api/services/${svc}/roster?month=2026-12`, headers: { cookie } })
    ).json();
    const onShift = after.sessions
      .find((s: { id: number }) => s.id === shift.session.id)
      .assigned.map((a: { userId: number }) => a.userId);
    expect(onShift).toContain(b.id);
    expect(onShift).not.toContain(barbers[1]!.id);

    // A drop without a replacement waits for staff; once approved the session shows up as a gap.
    const shiftsB = (
      await t.app.inject({ method: 'GET', url: '/api/me/shifts', headers: { cookie: b.cookie } })
    ).json();
    const drop = await t.app.inject({
      method: 'POST',
      url: `/api/roster/assignments/${shiftsB[0].assignmentId}/drop`,
      headers: { cookie: b.cookie },
      payload: { reason: '家里有事' },
    });
    expect((await gapsFor()).map((g) => g.sessionId)).toEqual([hard]);
    // Staff see the pending 请假 on the roster where the shift is; colleagues do not see the reason.
    const assignedOn = async (c: string) =>
      (
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/services/${svc}/roster?month=2026-12`,
            headers: { cookie: c },
          })
        ).json().sessions as { assigned: { assignmentId: number; drop: unknown }[] }[]
      )
        .flatMap((s) => s.assigned)
        .find((a) => a.assignmentId === shiftsB[0].assignmentId)!;
    expect((await assignedOn(cookie)).drop).toEqual({ id: drop.json().id, reason: '家里有事', status: 'pending' });
    expect((await assignedOn(b.cookie)).drop).toBeNull();
    expect(
      (
        await t.app.inject({ method: 'POST', url: `/api/roster/drops/${drop.json().id}/approve`, headers: { cookie } })
      ).json(),
    ).toMatchObject({ status: 'approved' });
    expect((await gapsFor()).map((g) => g.sessionId)).toContain(shiftsB[0].session.id);
    // Once decided, the 请假 leaves the roster with the shift itself.
    const decided = (
      await t.app.inject({ method: 'GET', url: `/api/services/${svc}/roster?month=2026-12`, headers: { cookie } })
    ).json().sessions as { assigned: { assignmentId: number; drop: unknown }[] }[];
    expect(
      decided.flatMap((s) => s.assigned).some((a) => a.assignmentId === shiftsB[0].assignmentId || a.drop !== null),
    ).toBe(false);
    // Regenerating fills the hole from someone else: the approved 请假 counts as 不能来.
    const refilled = (
      await t.app.inject({
        method: 'POST',
        url: `/api/services/${svc}/roster/generate`,
        headers: { cookie },
        payload: { month: '2026-12' },
      })
    ).json();
    const dropped = refilled.sessions.find((s: { id: number }) => s.id === shiftsB[0].session.id);
    expect(dropped.assigned.map((a: { userId: number }) => a.userId)).not.toContain(b.id);
    expect(dropped.missing).toBe(0);
  });
});
