import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorFields, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildResident, buildService, buildStaff } from './support/factories.js';
import { ensureAllServiceSessions } from '../src/modules/services/index.js';

/**
 * The county's holiday calendar (节假日安排): kept by the center, read by session generation and by
 * the menu deadline. "Now" is Saturday 28 November 2026, 10:00 in the county.
 */
let t: TestApp;
let adminCookie: string;
let staffCookie: string;
let community: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  community = await buildCommunity(t.deps);
  adminCookie = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
});
afterAll(() => t.close());

const save = (cookie: string, entries: object[]) =>
  t.app.inject({ method: 'POST', url: '/api/holidays', headers: { cookie }, payload: { entries } });
const year = async (y: number, cookie = staffCookie) =>
  (await t.app.inject({ method: 'GET', url: `/api/holidays?year=${y}`, headers: { cookie } })).json();
const remove = (cookie: string, date: string) =>
  t.app.inject({ method: 'DELETE', url: `/api/holidays/${date}`, headers: { cookie } });
const holidayRows = () => t.db.selectFrom('holidays').selectAll().orderBy('date').execute();
async function sessionDates(serviceId: number) {
  const rows = await t.db
    .selectFrom('service_sessions')
    .select(['date', 'id'])
    .where('service_id', '=', serviceId)
    .orderBy('starts_at')
    .execute();
  return [...new Set(rows.map((r) => r.date))];
}
async function clear() {
  for (const h of await holidayRows()) expect((await remove(adminCookie, h.date)).statusCode).toBe(204);
}

describe('the holiday calendar', () => {
  it('starts empty; the center adds, corrects, lists by year and removes; staff read it', async () => {
    expect(await year(2027)).toEqual([]);
    const saved = await save(adminCookie, [
      { date: '2027-01-01', kind: 'off', name: '元旦' },
      { date: '2027-01-02', kind: 'off', name: '元旦' },
      { date: '2026-12-27', kind: 'workday', name: '元旦调休' },
    ]);
    expect(saved.statusCode).toBe(200);
    expect(await year(2027)).toEqual([
      { date: '2027-01-01', kind: 'off', name: '元旦' },
      { date: '2027-01-02', kind: 'off', name: '元旦' },
    ]);
    expect(await year(2026)).toEqual([{ date: '2026-12-27', kind: 'workday', name: '元旦调休' }]);
    // the same date again corrects it: one row per date
    expect((await save(adminCookie, [{ date: '2027-01-02', kind: 'workday', name: '调休' }])).statusCode).toBe(200);
    expect((await year(2027))[1]).toEqual({ date: '2027-01-02', kind: 'workday', name: '调休' });
    expect((await remove(adminCookie, '2027-01-02')).statusCode).toBe(204);
    expect((await remove(adminCookie, '2027-01-02')).statusCode).toBe(404);
    expect((await year(2027)).map((h: { date: string }) => h.date)).toEqual(['2027-01-01']);
    await clear();
  });

  it('refuses community staff (403) and bad input (400 naming the field), writing nothing', async () => {
    const before = await holidayRows();
    expect((await save(staffCookie, [{ date: '2027-01-01', kind: 'off', name: '元旦' }])).statusCode).toBe(403);
    expect((await remove(staffCookie, '2027-01-01')).statusCode).toBe(403);
    for (const [entry, field] of [
      [{ date: '2027-02-30', kind: 'off', name: '春节' }, 'entries.0.date'],
      [{ date: '2027-02-10', kind: 'holiday', name: '春节' }, 'entries.0.kind'],
      [{ date: '2027-02-10', kind: 'off', name: '' }, 'entries.0.name'],
    ] as const) {
      const refused = await save(adminCookie, [entry]);
      expect(refused.statusCode).toBe(400);
      expect(errorFields(refused)).toContain(field);
    }
    expect((await save(adminCookie, [])).statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/holidays?year=20x7', headers: { cookie: staffCookie } }))
        .statusCode,
    ).toBe(400);
    expect(await holidayRows()).toEqual(before);
  });
});

describe('session generation reads the calendar', () => {
  it('skips a day off, and moves past it onto a 调休 Saturday when the service says next_day', async () => {
    t.clock.set('2026-11-28T02:00:00.000Z');
    await save(adminCookie, [
      { date: '2026-12-15', kind: 'off', name: '演示假日' },
      { date: '2026-12-18', kind: 'off', name: '演示假日' }, // a Friday
      { date: '2026-12-19', kind: 'workday', name: '演示调休' }, // the Saturday after, worked
    ]);
    const skip = await buildService(t.deps, { communityId: community.id });
    expect(await sessionDates(skip.id)).toEqual(['2026-12-05', '2027-01-05', '2027-01-15']); // no 15 December
    const moved = await buildService(t.deps, {
      communityId: community.id,
      holidayPolicy: 'next_day',
      schedule: { daysOfMonth: [18], sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 5 }] },
    });
    expect(await sessionDates(moved.id)).toEqual(['2026-12-19', '2027-01-18']);
    await clear();
  });

  it('a day marked off later loses its unbooked sessions at the next sweep; a booked one stays', async () => {
    t.clock.set('2026-11-28T02:00:00.000Z');
    const { id } = await buildService(t.deps, { communityId: community.id });
    const rows = await t.db
      .selectFrom('service_sessions')
      .select(['id', 'date', 'period'])
      .where('service_id', '=', id)
      .where('date', 'in', ['2026-12-05', '2027-01-05'])
      .execute();
    const senior = await buildResident(t.deps, { communityId: community.id, birthDate: '1950-01-01', withLogin: true });
    const bookedSession = rows.find((r) => r.date === '2026-12-05' && r.period === '上午')!;
    const booked = await t.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { cookie: await signIn(t.app, senior.phone!) },
      payload: { sessionId: bookedSession.id },
    });
    expect(booked.statusCode).toBe(201);
    await save(adminCookie, [
      { date: '2026-12-05', kind: 'off', name: '演示假日' },
      { date: '2027-01-05', kind: 'off', name: '演示假日' },
    ]);
    await ensureAllServiceSessions(t.deps);
    const left = await t.db
      .selectFrom('service_sessions')
      .select(['id', 'date', 'period'])
      .where('service_id', '=', id)
      .where('date', 'in', ['2026-12-05', '2027-01-05'])
      .execute();
    expect(left).toEqual([bookedSession]);
    await clear();
  });
});

describe('the menu deadline reads the calendar', () => {
  it('moves to the working day before when the deadline day is off', async () => {
    t.clock.set('2026-11-30T02:00:00.000Z'); // Monday: next week 2026-W50, deadline Thursday 3 December 18:00
    const current = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/menus/current', headers: { cookie: staffCookie } })).json();
    expect((await current()).nextWeekDeadline).toBe('2026-12-03T10:00:00.000Z');
    await save(adminCookie, [{ date: '2026-12-03', kind: 'off', name: '演示假日' }]);
    expect((await current()).nextWeekDeadline).toBe('2026-12-02T10:00:00.000Z');
    await clear();
    t.clock.set('2026-11-28T02:00:00.000Z');
  });
});
