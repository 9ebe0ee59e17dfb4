import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCommunity, buildResident, buildService, buildStaff, buildUser } from './support/factories.js';
import { onPostgres, raceControl } from './support/database.js';
import { naiveRemoveSession } from './support/naive-services.js';
import { ensureAllServiceSessions } from '../src/modules/services/index.js';
import type { AppDeps } from '../src/platform/deps.js';

/**
 * Editing a service's schedule and places (PATCH /api/services/:id, its preview, applyToOpenSessions).
 * The clock starts on Saturday 28 November 2026, 10:00 in the county.
 */
let t: TestApp;
let community: { id: number };
let staffCookie: string;

const START = '2026-11-28T02:00:00.000Z';
const morning = (capacity = 5) => [{ period: '上午', start: '08:30', end: '11:30', capacity }];

beforeAll(async () => {
  t = await createTestApp({ now: START });
  community = await buildCommunity(t.deps, '苗圃社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
});
afterAll(() => t.close());

async function senior(communityId = community.id) {
  const r = await buildResident(t.deps, { communityId, birthDate: '1950-05-05', withLogin: true });
  return { ...r, cookie: await signIn(t.app, r.phone!) };
}
const book = (cookie: string, sessionId: number) =>
  t.app.inject({ method: 'POST', url: '/api/bookings', headers: { cookie }, payload: { sessionId } });
const edit = (serviceId: number, payload: object, path = '') =>
  t.app.inject({
    method: path ? 'POST' : 'PATCH',
    url: `/api/services/${serviceId}${path}`,
    headers: { cookie: staffCookie },
    payload,
  });
function sessionRows(serviceId: number) {
  return t.db
    .selectFrom('service_sessions')
    .select(['id', 'date', 'period', 'capacity', 'booked', 'scope', 'starts_at'])
    .where('service_id', '=', serviceId)
    .orderBy('starts_at')
    .execute();
}
const dates = (list: { date: string }[]) => list.map((s) => s.date).sort();
async function auditCount() {
  const row = await t.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'service.update')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('editing the schedule and places', () => {
  it('regenerates exactly the future sessions nobody booked, keeps booked ones and the past; the preview matches the save', async () => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, {
      communityId: community.id,
      schedule: { daysOfMonth: [5, 15, 25, 28], sessions: morning() },
      bookingOpensDaysAhead: 60,
    });
    const before = await sessionRows(id);
    // today's 08:30 session had begun before the service was made: generated, and past from the start
    expect(dates(before)).toEqual([
      '2026-11-28',
      '2026-12-05',
      '2026-12-15',
      '2026-12-25',
      '2026-12-28',
      '2027-01-05',
      '2027-01-15',
      '2027-01-25',
      '2027-01-28',
    ]);
    const on = (date: string) => before.find((s) => s.date === date)!.id;
    // booked: 15 Dec and 5 Jan; 15 Jan was booked and cancelled (the row stays, so does the session)
    expect((await book((await senior()).cookie, on('2026-12-15'))).statusCode).toBe(201);
    expect((await book((await senior()).cookie, on('2027-01-05'))).statusCode).toBe(201);
    const cancelling = await senior();
    const cancelled = await book(cancelling.cookie, on('2027-01-15'));
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/bookings/${cancelled.json().id}`,
          headers: { cookie: cancelling.cookie },
        })
      ).statusCode,
    ).toBe(204);

    t.clock.set('2026-12-06T02:00:00.000Z'); // 5 December is past now
    const body = { schedule: { daysOfMonth: [6, 16, 25], sessions: morning(8) } };
    const audits = await auditCount();
    const snapshot = await sessionRows(id);
    const preview = await edit(id, body, '/preview');
    expect(preview.statusCode).toBe(200);
    expect(await sessionRows(id)).toEqual(snapshot); // the preview saved nothing
    expect(await auditCount()).toBe(audits);

    const saved = await edit(id, body);
    expect(saved.statusCode).toBe(200);
    const change = saved.json().change;
    expect(change).toEqual(preview.json());
    // 6 December 08:30 has already begun at 10:00: not added
    expect(dates(change.added)).toEqual(['2026-12-16', '2027-01-06', '2027-01-16', '2027-02-06']);
    expect(dates(change.updated)).toEqual(['2026-12-25', '2027-01-25']);
    expect(dates(change.removed)).toEqual(['2026-12-28', '2027-01-28']);
    expect(dates(change.kept)).toEqual(['2026-12-15', '2027-01-05', '2027-01-15']);
    expect(await auditCount()).toBe(audits + 1);

    const after = await sessionRows(id);
    expect(after.map((s) => `${s.date} ${s.capacity}`)).toEqual([
      '2026-11-28 5', // the past, untouched
      '2026-12-05 5',
      '2026-12-15 5', // booked: kept as it was
      '2026-12-16 8',
      '2026-12-25 8',
      '2027-01-05 5',
      '2027-01-06 8',
      '2027-01-15 5',
      '2027-01-16 8',
      '2027-01-25 8',
      '2027-02-06 8',
    ]);
    for (const date of [
      '2026-11-28',
      '2026-12-05',
      '2026-12-15',
      '2026-12-25',
      '2027-01-05',
      '2027-01-15',
      '2027-01-25',
    ])
      expect(after.find((s) => s.date === date)!.id).toBe(on(date)); // same rows, not recreated
    expect(saved.json().service.schedule).toMatchObject({ kind: 'monthly', daysOfMonth: [6, 16, 25] });
  });

  it('changes name, venue-less notes and booking settings without touching sessions when the rule is the same', async () => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, {
      communityId: community.id,
      schedule: { daysOfMonth: [5], sessions: morning() },
    });
    const before = await sessionRows(id);
    const saved = await edit(id, { name: '爱心理发', residentNote: '请在一楼大厅等候', companionNote: '' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().service).toMatchObject({
      name: '爱心理发',
      residentNote: '请在一楼大厅等候',
      companionNote: null,
    });
    expect(saved.json().change).toEqual({ added: [], updated: [], removed: [], kept: [], scopeWidenedOpen: 0 });
    expect(await sessionRows(id)).toEqual(before);
  });

  it.each([
    ['an empty schedule', { schedule: { daysOfMonth: [], sessions: morning() } }, 'schedule.daysOfMonth'],
    ['zero places', { schedule: { daysOfMonth: [5], sessions: morning(0) } }, 'schedule.sessions.0.capacity'],
    ['a bad booking time', { bookingOpensAt: '25:00' }, 'bookingOpensAt'],
    ['only a cleared flag', { applyToOpenSessions: false }, ''],
  ])('refuses %s with 400 naming the field, writing nothing', async (_label, payload, field) => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, { communityId: community.id });
    const before = await sessionRows(id);
    for (const path of ['', '/preview']) {
      const refused = await edit(id, payload, path);
      expect(refused.statusCode).toBe(400);
      if (field) expect(errorFields(refused)).toContain(field);
    }
    expect(await sessionRows(id)).toEqual(before);
  });

  it("refuses a venue of another community (400 venue) and another community's staff (403)", async () => {
    t.clock.set(START);
    const other = await buildCommunity(t.deps);
    const venue = await t.db
      .insertInto('venues')
      .values({ community_id: other.id, name: '别处的活动室', created_at: START })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id } = await buildService(t.deps, { communityId: community.id });
    const refused = await edit(id, { venue: venue.id });
    expect(refused.statusCode).toBe(400);
    expect(errorFields(refused)).toEqual(['venue']);
    const stranger = await signIn(t.app, (await buildStaff(t.deps, other.id)).phone);
    const forbidden = await t.app.inject({
      method: 'POST',
      url: `/api/services/${id}/preview`,
      headers: { cookie: stranger },
      payload: { priceFen: 0 },
    });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('an archived venue', () => {
  it('takes no new service and no service moved to it: 409 VENUE_ARCHIVED naming the field, nothing written; a service already there keeps it through other edits', async () => {
    t.clock.set(START);
    const venue = await t.db
      .insertInto('venues')
      .values({ community_id: community.id, name: '旧理发室', created_at: START })
      .returning('id')
      .executeTakeFirstOrThrow();
    const there = await buildService(t.deps, { communityId: community.id });
    await t.db.updateTable('services').set({ venue_id: venue.id }).where('id', '=', there.id).execute();
    await t.db.updateTable('venues').set({ archived_at: START }).where('id', '=', venue.id).execute();
    const servicesBefore = await t.db.selectFrom('services').select('id').execute();

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/services',
      headers: { cookie: staffCookie },
      payload: {
        name: '旧理发室的理发',
        communityId: community.id,
        venue: venue.id,
        priceFen: 100,
        schedule: { daysOfMonth: [5], sessions: morning() },
        eligibility: { minAge: null, scope: 'community' },
        bookingOpensDaysAhead: 7,
        volunteersPerSession: 1,
      },
    });
    expect([created.statusCode, created.json().error.code, errorFields(created)]).toEqual([
      409,
      'VENUE_ARCHIVED',
      ['venue'],
    ]);
    expect(await t.db.selectFrom('services').select('id').execute()).toEqual(servicesBefore);

    const { id } = await buildService(t.deps, { communityId: community.id });
    const moved = await edit(id, { venue: venue.id });
    expect([moved.statusCode, moved.json().error.code]).toEqual([409, 'VENUE_ARCHIVED']);
    const row = await t.db.selectFrom('services').select('venue_id').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.venue_id).toBeNull();
    expect((await edit(there.id, { venue: venue.id, priceFen: 0 })).statusCode).toBe(200);
  });
});

describe('widening the scope', () => {
  it('reaches unopened sessions, and with applyToOpenSessions open ones that still have places', async () => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, {
      communityId: community.id,
      schedule: {
        daysOfMonth: [5, 15],
        sessions: [
          { period: '上午', start: '08:30', end: '11:30', capacity: 1 },
          { period: '下午', start: '14:30', end: '17:00', capacity: 5 },
        ],
      },
      bookingOpensDaysAhead: 7, // 5 December is open, 15 December not yet
    });
    const rows = await sessionRows(id);
    const full = rows.find((s) => s.date === '2026-12-05' && s.period === '上午')!;
    const withPlaces = rows.find((s) => s.date === '2026-12-05' && s.period === '下午')!;
    expect((await book((await senior()).cookie, full.id)).statusCode).toBe(201);
    const outsider = await senior((await buildCommunity(t.deps)).id);
    expect((await book(outsider.cookie, withPlaces.id)).json().error.code).toBe('NOT_ELIGIBLE');

    const body = { eligibility: { minAge: 60, scope: 'county' }, applyToOpenSessions: true };
    const preview = await edit(id, body, '/preview');
    expect(preview.json().scopeWidenedOpen).toBe(1);
    expect((await sessionRows(id)).find((s) => s.id === withPlaces.id)!.scope).toBe('community');
    const saved = await edit(id, body);
    expect(saved.json().change).toEqual(preview.json());
    const after = await sessionRows(id);
    expect(after.find((s) => s.id === full.id)!.scope).toBe('community'); // open and full: unchanged
    expect(after.find((s) => s.id === withPlaces.id)!.scope).toBe('county');
    expect(after.filter((s) => s.date !== '2026-12-05').every((s) => s.scope === 'county')).toBe(true);
    expect((await book(outsider.cookie, withPlaces.id)).statusCode).toBe(201);
  });

  it('lets open sessions follow in a later edit: applyToOpenSessions alone widens those with places to the service scope', async () => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, {
      communityId: community.id,
      schedule: { daysOfMonth: [5, 15], sessions: morning() },
      bookingOpensDaysAhead: 7, // 5 December is open, 15 December not yet
    });
    const widened = await edit(id, { eligibility: { minAge: 60, scope: 'county' } });
    expect(widened.statusCode).toBe(200);
    const open = (await sessionRows(id)).find((s) => s.date === '2026-12-05')!;
    expect(open.scope).toBe('community'); // not asked for the open sessions yet

    const preview = await edit(id, { applyToOpenSessions: true }, '/preview');
    expect(preview.statusCode).toBe(200);
    expect(preview.json().scopeWidenedOpen).toBe(1);
    const saved = await edit(id, { applyToOpenSessions: true });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().change.scopeWidenedOpen).toBe(1);
    expect((await sessionRows(id)).find((s) => s.id === open.id)!.scope).toBe('county');
    const sameScope = await edit(id, { eligibility: { minAge: 60, scope: 'county' }, applyToOpenSessions: true });
    expect(sameScope.json().change.scopeWidenedOpen).toBe(0); // nothing left to widen
  });
});

describe('the hourly sweep and an edit saved while it runs', () => {
  it('does not undo the edit: the sweep regenerates from the service as saved, not as it was when the sweep listed the services', async () => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, {
      communityId: community.id,
      schedule: { daysOfMonth: [5, 15], sessions: morning() },
      bookingOpensDaysAhead: 60,
    });
    // The sweep lists the services, then waits at its first transaction until the edit is saved.
    let listed!: () => void;
    const sweepListed = new Promise<void>((resolve) => (listed = resolve));
    let release!: () => void;
    const editSaved = new Promise<void>((resolve) => (release = resolve));
    const db = t.deps.db;
    const held = new Proxy(db, {
      get(target, prop) {
        if (prop === 'transaction')
          return () => ({
            execute: async (work: Parameters<ReturnType<typeof db.transaction>['execute']>[0]) => {
              listed();
              await editSaved;
              return target.transaction().execute(work);
            },
          });
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const sweep = ensureAllServiceSessions({ ...t.deps, db: held } as AppDeps);
    await sweepListed;
    const saved = await edit(id, { schedule: { daysOfMonth: [8, 18], sessions: morning() } });
    expect(saved.statusCode).toBe(200);
    const afterEdit = await sessionRows(id);
    release();
    await sweep;
    const afterSweep = await sessionRows(id);
    expect(dates(afterSweep)).toEqual(dates(afterEdit));
    expect(afterSweep.some((s) => s.date.endsWith('-05') || s.date.endsWith('-15'))).toBe(false);
  });
});

describe('an edit while residents are booking', () => {
  it('loses no booking: every booking points at a live session, booked sessions are kept, counters match (the bookings interleave only on PostgreSQL; SQLite serialises the edit)', async () => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, {
      communityId: community.id,
      schedule: { daysOfMonth: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19], sessions: morning(3) },
      bookingOpensDaysAhead: 60,
    });
    const december = (await sessionRows(id)).filter((s) => s.date.startsWith('2026-12'));
    const seniors = await Promise.all(december.map(() => senior()));
    // the edit moves every date by one: each December session is removed unless booked first
    const [editResult, ...bookings] = await Promise.all([
      edit(id, { schedule: { daysOfMonth: [2, 4, 6, 8, 10, 12, 14, 16, 18, 20], sessions: morning(3) } }),
      ...december.map((s, i) => book(seniors[i]!.cookie, s.id)),
    ]);
    expect(editResult.statusCode).toBe(200);
    for (const b of bookings) expect([201, 409, 400]).toContain(b.statusCode);
    const live = await sessionRows(id);
    const liveIds = new Set(live.map((s) => s.id));
    const rows = await t.db
      .selectFrom('bookings')
      .select(['session_id', 'state'])
      .where('service_id', '=', id)
      .execute();
    expect(rows.length).toBe(bookings.filter((b) => b.statusCode === 201).length);
    for (const r of rows) expect(liveIds.has(r.session_id)).toBe(true);
    for (const s of live)
      expect(s.booked).toBe(rows.filter((r) => r.session_id === s.id && r.state !== 'cancelled').length);
    const change = editResult.json().change;
    expect(change.kept.length).toBe(rows.length);
    expect(change.kept.length + change.removed.length).toBe(december.length + 10); // December and January
  });
});

describe('an edit while volunteers save their availability and the rota is drawn', () => {
  it('answers no 500: a write meeting a session the edit removed is 409 SESSION_CHANGED, and the sessions follow the saved rule (the inserts interleave only on PostgreSQL; SQLite serialises the edit)', async () => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, {
      communityId: community.id,
      schedule: { daysOfMonth: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19], sessions: morning(3) },
      bookingOpensDaysAhead: 60,
      volunteersPerSession: 2,
    });
    const volunteers = await Promise.all(
      Array.from({ length: 6 }, () => buildUser(t.deps, [{ role: 'volunteer', communityId: community.id }])),
    );
    for (const v of volunteers) {
      const added = await t.app.inject({
        method: 'POST',
        url: `/api/services/${id}/volunteers`,
        headers: { cookie: staffCookie },
        payload: { userId: v.id },
      });
      expect(added.statusCode).toBeLessThan(300);
    }
    const cookies = await Promise.all(volunteers.map((v) => signIn(t.app, v.phone)));
    const statuses: number[] = [];
    const schedules = [
      [2, 4, 6, 8, 10, 12, 14, 16, 18, 20],
      [1, 3, 5, 7, 9, 11, 13, 15, 17, 19],
      [2, 4, 6, 8, 10, 12, 14, 16, 18, 20],
    ];
    for (const days of schedules) {
      const december = (await sessionRows(id)).filter((s) => s.date.startsWith('2026-12')).map((s) => s.id);
      const answers = await Promise.all([
        edit(id, { schedule: { daysOfMonth: days, sessions: morning(3) } }),
        ...cookies.map((cookie) =>
          t.app.inject({
            method: 'PUT',
            url: `/api/services/${id}/availability`,
            headers: { cookie },
            payload: { month: '2026-12', unavailableSessionIds: december },
          }),
        ),
        t.app.inject({
          method: 'POST',
          url: `/api/services/${id}/roster/generate`,
          headers: { cookie: staffCookie },
          payload: { month: '2026-12' },
        }),
      ]);
      expect(answers[0]!.statusCode).toBe(200);
      for (const a of answers) {
        statuses.push(a.statusCode);
        if (a.statusCode === 409) expect(a.json().error.code).toBe('SESSION_CHANGED');
      }
      expect(dates((await sessionRows(id)).filter((s) => s.date.startsWith('2026-12')))).toEqual(
        days.map((d) => `2026-12-${String(d).padStart(2, '0')}`),
      );
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});

describe('the control: a removal that checks, then deletes', () => {
  it(
    raceControl(
      'fails on the foreign key when a booking lands between its look and its delete',
      'cannot be interrupted, so every session is either removed or booked',
    ),
    async () => {
      t.clock.set(START);
      const { id } = await buildService(t.deps, {
        communityId: community.id,
        schedule: { daysOfMonth: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19], sessions: morning(3) },
        bookingOpensDaysAhead: 60,
      });
      // a few at once: each careless removal holds a pooled connection through its gap
      const december = (await sessionRows(id)).filter((s) => s.date.startsWith('2026-12')).slice(0, 3);
      const seniors = await Promise.all(december.map(() => senior()));
      const [removals] = await Promise.all([
        Promise.allSettled(december.map((s) => naiveRemoveSession(t.deps, s.id))),
        Promise.all(december.map((s, i) => book(seniors[i]!.cookie, s.id))),
      ]);
      const failed = removals.filter((r) => r.status === 'rejected').length;
      if (onPostgres) expect(failed).toBeGreaterThan(0);
      else expect(failed).toBe(0);
    },
  );
});

describe('本月已约 up front', () => {
  it('tells the signed-in resident which months they have used the limit in, before they press 预约', async () => {
    t.clock.set(START);
    const { id } = await buildService(t.deps, {
      communityId: community.id,
      monthlyLimit: 1,
      bookingOpensDaysAhead: 60,
      schedule: { daysOfMonth: [5, 15], sessions: morning() },
    });
    const rows = await sessionRows(id);
    const s = await senior();
    const usage = async (cookie?: string) =>
      t.app.inject({ method: 'GET', url: `/api/services/${id}/my-usage`, headers: cookie ? { cookie } : {} });
    expect((await usage(s.cookie)).json()).toEqual({ monthlyLimit: 1, months: [] });
    expect((await book(s.cookie, rows.find((r) => r.date === '2026-12-05')!.id)).statusCode).toBe(201);
    expect((await usage(s.cookie)).json()).toEqual({ monthlyLimit: 1, months: [{ month: '2026-12', used: 1 }] });
    // what the page now says up front is what the server answers after 确认
    const second = await book(s.cookie, rows.find((r) => r.date === '2026-12-15')!.id);
    expect(second.json().error.code).toBe('LIMIT_REACHED');
    expect((await book(s.cookie, rows.find((r) => r.date === '2027-01-05')!.id)).statusCode).toBe(201);
    expect((await usage(s.cookie)).json().months).toEqual([
      { month: '2026-12', used: 1 },
      { month: '2027-01', used: 1 },
    ]);
    expect((await usage()).statusCode).toBe(401);
    expect((await usage(staffCookie)).json()).toEqual({ monthlyLimit: 1, months: [] });
  });
});
