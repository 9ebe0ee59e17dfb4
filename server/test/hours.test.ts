import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVolunteerHours, sumVolunteerHours } from '../src/modules/hours/index.js';
import { activityHourRows, shiftHourRows } from '../src/modules/hours/hours.repository.js';
import { createTestApp, errorCode, errorFields, quickCookie, type TestApp } from './support/app.js';
import { onPostgres, raceControl } from './support/database.js';
import { databaseFingerprint } from './support/fingerprint.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildPointsRules,
  buildCommunity,
  buildResident,
  buildService,
  buildStaff,
  buildUser,
} from './support/factories.js';
import { naiveCheckOut, naiveCorrectHours } from './support/naive-hours.js';

let t: TestApp;
let east: number;
let west: number;
let center: string;
let eastStaff: string;
let eastStaffId: number;
let eastStaff2: string;
let westStaff: string;

beforeAll(async () => {
  t = await createTestApp();
  east = (await buildCommunity(t.deps, '东园社区')).id;
  west = (await buildCommunity(t.deps, '西园社区')).id;
  center = await quickCookie(t, (await buildCenterAdmin(t.deps)).id);
  eastStaffId = (await buildStaff(t.deps, east)).id;
  eastStaff = await quickCookie(t, eastStaffId);
  eastStaff2 = await quickCookie(t, (await buildStaff(t.deps, east)).id);
  westStaff = await quickCookie(t, (await buildStaff(t.deps, west)).id);
});
afterAll(() => t.close());

const as = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });

async function resident(communityId: number, name: string) {
  const r = await buildResident(t.deps, { communityId, name, withLogin: true });
  const { user_id } = await t.db
    .selectFrom('residents')
    .select('user_id')
    .where('id', '=', r.id)
    .executeTakeFirstOrThrow();
  return { id: r.id, userId: user_id!, cookie: await quickCookie(t, user_id!) };
}

/** 2026-12-<day> at hh:mm in the county, as an instant. */
const county = (day: number, hour: number, minute = 0) =>
  new Date(Date.UTC(2026, 11, day, hour - 8, minute)).toISOString();

async function checkInByStaff(activityId: number, residentId: number) {
  const r = await as(center, 'POST', `/api/activities/${activityId}/checkins`, { residentId });
  expect(r.statusCode, r.body).toBe(201);
}

async function checkoutCode(activityId: number) {
  const r = await as(eastStaff, 'GET', `/api/activities/${activityId}/checkout-code`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().code as string;
}

/** A volunteer activity on 2026-12-<day> 09:00–11:00 and a new resident of 东园 checked in at 09:00. */
async function volunteerCheckedIn(day: number, name: string) {
  t.clock.set(county(day, 8));
  const activity = (
    await buildActivity(t.deps, {
      communityId: east,
      startsAt: county(day, 9),
      endsAt: county(day, 11),
      volunteerService: true,
    })
  ).id;
  const person = await resident(east, name);
  t.clock.set(county(day, 9));
  await checkInByStaff(activity, person.id);
  const { id: checkinId } = await t.db
    .selectFrom('checkins')
    .select('id')
    .where('activity_id', '=', activity)
    .executeTakeFirstOrThrow();
  return { activity, person, checkinId };
}

/**
 * Puts the volunteer on the rota of the service's sessions on these days of December (the rota's own
 * rules are the services module's), then marks the sessions of `completed` days 场次完成 through the
 * real route, once each has started: the first marking wins, a second is refused.
 */
async function assignAndComplete(serviceId: number, userId: number, days: number[], completed: number[]) {
  const sessions = await t.db
    .selectFrom('service_sessions')
    .select(['id', 'date', 'starts_at', 'ends_at'])
    .where('service_id', '=', serviceId)
    .orderBy('starts_at')
    .execute();
  const day = (s: { date: string }) => Number(String(s.date).slice(8, 10));
  const mine = sessions.filter((s) => String(s.date).startsWith('2026-12') && days.includes(day(s)));
  const ruleId = (await buildPointsRules(t.deps, east, [{ code: 'SHIFT', name: '值班', category: '志愿', points: 5 }]))
    .SHIFT;
  for (const s of mine)
    await t.db
      .insertInto('rota_assignments')
      .values({ session_id: s.id, user_id: userId, created_at: s.starts_at })
      .execute();
  for (const s of mine.filter((s) => completed.includes(day(s)))) {
    t.clock.set(s.starts_at);
    const done = await as(eastStaff, 'POST', `/api/service-sessions/${s.id}/complete`, { ruleId });
    expect(done.statusCode, done.body).toBe(200);
    expect(errorCode(await as(eastStaff, 'POST', `/api/service-sessions/${s.id}/complete`, { ruleId }))).toBe(
      'SESSION_ALREADY_COMPLETED',
    );
  }
  return mine;
}

describe('volunteer hours from activities and shifts', () => {
  let barber: Awaited<ReturnType<typeof resident>>;
  let walker: Awaited<ReturnType<typeof resident>>;
  let stayer: Awaited<ReturnType<typeof resident>>;
  let activity: number;

  beforeAll(async () => {
    barber = await resident(east, '理发志愿者王师傅');
    walker = await resident(east, '志愿者李阿姨');
    stayer = await resident(west, '志愿者赵大爷');
    // The barber serves the 5th (上午 08:30–11:30, 下午 14:30–17:00) and is on the rota of the 15th,
    // which nobody marks complete: only the 5th counts.
    const service = await buildService(t.deps, { communityId: east });
    await assignAndComplete(service.id, barber.userId, [5, 15], [5]);

    activity = (
      await buildActivity(t.deps, {
        communityId: east,
        title: '清扫河道志愿服务',
        startsAt: county(6, 9),
        endsAt: county(6, 11),
        volunteerService: true,
      })
    ).id;
    const ordinary = (
      await buildActivity(t.deps, {
        communityId: east,
        title: '健康讲座',
        startsAt: county(6, 14),
        endsAt: county(6, 16),
      })
    ).id;
    t.clock.set(county(6, 9, 5));
    await checkInByStaff(activity, walker.id);
    await checkInByStaff(activity, stayer.id);
    // 李阿姨 checks out by the code at 10:35 (90 minutes); 赵大爷 leaves without checking out.
    t.clock.set(county(6, 10, 35));
    const code = await checkoutCode(activity);
    const out = await as(walker.cookie, 'POST', `/api/activities/${activity}/checkouts`, { code });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().checkedOut).toEqual([
      { residentId: walker.id, residentName: '志愿者李阿姨', checkedOutAt: county(6, 10, 35), minutes: 90 },
    ]);
    t.clock.set(county(6, 14));
    await checkInByStaff(ordinary, walker.id);
    t.clock.set(county(20, 9));
  });

  it('counts the completed shifts, the check-in to check-out, and the scheduled end when nobody checked out', async () => {
    // 180 + 150 (shifts) + 90 (李) + 115 (赵: 09:05 to the scheduled 11:00) = 535 minutes = 8.9 h
    const sum = await sumVolunteerHours(t.db, { from: '2026-12-01', to: '2026-12-31' });
    expect(sum).toEqual({
      hours: 8.9,
      volunteers: 3,
      byCommunity: [
        { communityId: east, hours: 7, volunteers: 2 },
        { communityId: west, hours: 1.9, volunteers: 1 },
      ],
    });
    expect(await sumVolunteerHours(t.db, { from: '2026-12-01', to: '2026-12-31', communityId: west })).toEqual({
      hours: 1.9,
      volunteers: 1,
      byCommunity: [{ communityId: west, hours: 1.9, volunteers: 1 }],
    });
    // dates are county dates, both ends inclusive: the 5th alone is the barber's two shifts
    expect(await sumVolunteerHours(t.db, { from: '2026-12-05', to: '2026-12-05' })).toMatchObject({
      hours: 5.5,
      volunteers: 1,
    });
    expect(await sumVolunteerHours(t.db, { from: '2026-12-07', to: '2026-12-14' })).toEqual({
      hours: 0,
      volunteers: 0,
      byCommunity: [],
    });
  });

  it('marks the entry that ran to the scheduled end, on the phone and in the console', async () => {
    const mine = await as(stayer.cookie, 'GET', '/api/me/volunteer-hours');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({
      residentName: '志愿者赵大爷',
      totalMinutes: 115,
      totalHours: 1.9,
      entries: [
        {
          source: 'activity',
          date: '2026-12-06',
          title: '清扫河道志愿服务',
          plannedEnd: true,
          minutes: 115,
          endedAt: county(6, 11),
          corrections: [],
        },
      ],
    });
    const walkerEntries = (await as(walker.cookie, 'GET', '/api/me/volunteer-hours')).json();
    expect(walkerEntries.entries).toHaveLength(1); // the ordinary talk gives no hours
    expect(walkerEntries.entries[0]).toMatchObject({ plannedEnd: false, minutes: 90, hours: 1.5 });
    const barberEntries = (await as(barber.cookie, 'GET', '/api/me/volunteer-hours')).json();
    expect(barberEntries.entries.map((e: { source: string; minutes: number }) => [e.source, e.minutes])).toEqual([
      ['shift', 150],
      ['shift', 180],
    ]);
  });

  it('lists the page of totals for staff, their community only, the center everything', async () => {
    const q = '/api/volunteer-hours?from=2026-12-01&to=2026-12-31';
    const forCenter = (await as(center, 'GET', q)).json();
    expect(forCenter).toMatchObject({ hours: 8.9, volunteers: 3 });
    expect(forCenter.rows[0]).toMatchObject({
      name: '理发志愿者王师傅',
      hours: 5.5,
      entries: 2,
      communityName: '东园社区',
    });
    const forEast = (await as(eastStaff, 'GET', q)).json();
    expect(forEast.rows.map((r: { name: string }) => r.name)).toEqual(['理发志愿者王师傅', '志愿者李阿姨']);
    expect(errorCode(await as(eastStaff, 'GET', `${q}&communityId=${west}`))).toBe('FORBIDDEN');
    expect(
      errorCode(
        await as(westStaff, 'GET', `/api/volunteer-hours/residents/${walker.id}?from=2026-12-01&to=2026-12-31`),
      ),
    ).toBe('FORBIDDEN');
    const bad = await as(center, 'GET', '/api/volunteer-hours?from=2026-12-31&to=2026-12-01');
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toContain('to');
  });

  it('pages the rows by keyset, in order, without repeating or skipping one', async () => {
    const all = await listVolunteerHours(t.db, { from: '2026-12-01', to: '2026-12-31', limit: 100 });
    expect(all.rows).toHaveLength(4);
    expect(all.next).toBeNull();
    const seen: string[] = [];
    let after;
    for (let i = 0; i < 10; i++) {
      const page = await listVolunteerHours(t.db, { from: '2026-12-01', to: '2026-12-31', limit: 1, after });
      seen.push(...page.rows.map((r) => `${r.source}:${r.sourceId}`));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(all.rows.map((r) => `${r.source}:${r.sourceId}`));
  });

  it('reads each source from an index on the period or the person, never a whole table', async () => {
    const filter = {
      fromInstant: county(1, 0),
      toInstant: county(31, 0),
      fromDate: '2026-12-01',
      toDate: '2026-12-31',
    };
    const queries = [
      activityHourRows(t.db, filter),
      shiftHourRows(t.db, filter),
      activityHourRows(t.db, { ...filter, residentId: walker.id }),
      shiftHourRows(t.db, { ...filter, residentId: barber.id }),
    ];
    for (const q of queries) {
      const compiled = q.compile();
      if (onPostgres) {
        // With sequential scans priced out, any scan that remains has no index to use.
        const plan = await t.db.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>({
            ...compiled,
            sql: `explain ${compiled.sql}`,
          });
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        });
        expect(plan).not.toMatch(
          /Seq Scan on (activities|checkins|service_sessions|rota_assignments|volunteer_hour_corrections)\b/,
        );
      } else {
        const { rows } = await t.db.executeQuery<{ detail: string }>({
          ...compiled,
          sql: `explain query plan ${compiled.sql}`,
        });
        const details = rows.map((r) => r.detail);
        expect(
          details.filter((d) =>
            /^SCAN (activities|checkins|service_sessions|rota_assignments|residents|volunteer_hour_corrections)\b/.test(
              d,
            ),
          ),
        ).toEqual([]);
        expect(details.join('\n')).toMatch(
          /activities_volunteer_starts|service_sessions_date|checkins_resident|rota_assignments_user/,
        );
      }
    }
  });

  it('corrects an entry with a reason: the original stays, the correction is audited and counted', async () => {
    const entry = (
      await as(eastStaff, 'GET', `/api/volunteer-hours/residents/${walker.id}?from=2026-12-01&to=2026-12-31`)
    ).json().entries[0];
    expect(entry).toMatchObject({ source: 'activity', minutes: 90, version: 0 });
    const before = await databaseFingerprint(t.deps);
    // no reason, a negative value, more than the cap: refused, nothing written
    for (const payload of [
      { source: 'activity', sourceId: entry.sourceId, minutes: 60, reason: ' ', version: 0 },
      { source: 'activity', sourceId: entry.sourceId, minutes: -5, reason: '少算', version: 0 },
      { source: 'activity', sourceId: entry.sourceId, minutes: 721, reason: '多算', version: 0 },
    ]) {
      const r = await as(eastStaff, 'POST', '/api/volunteer-hours/corrections', payload);
      expect(r.statusCode).toBe(400);
      expect(errorCode(r)).toBe('VALIDATION_FAILED');
    }
    // another community's staff may not
    expect(
      errorCode(
        await as(westStaff, 'POST', '/api/volunteer-hours/corrections', {
          source: 'activity',
          sourceId: entry.sourceId,
          minutes: 120,
          reason: '实际服务两小时',
          version: 0,
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(await databaseFingerprint(t.deps)).toBe(before);

    const corrected = await as(eastStaff, 'POST', '/api/volunteer-hours/corrections', {
      source: 'activity',
      sourceId: entry.sourceId,
      minutes: 120,
      reason: '实际服务两小时，签退时手机没电',
      version: 0,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toEqual({ minutes: 120, hours: 2, version: 1 });
    // a second staff member who still sees version 0 is told to reload, and writes nothing
    const stale = await as(eastStaff2, 'POST', '/api/volunteer-hours/corrections', {
      source: 'activity',
      sourceId: entry.sourceId,
      minutes: 30,
      reason: '只干了半小时',
      version: 0,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('HOURS_CHANGED');

    const after = (await as(walker.cookie, 'GET', '/api/me/volunteer-hours')).json();
    expect(after.entries[0]).toMatchObject({
      originalMinutes: 90,
      minutes: 120,
      version: 1,
      corrections: [{ version: 1, minutesBefore: 90, minutes: 120, reason: '实际服务两小时，签退时手机没电' }],
    });
    expect(await sumVolunteerHours(t.db, { from: '2026-12-01', to: '2026-12-31' })).toMatchObject({ hours: 9.4 });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'summary', 'on_behalf_resident_id'])
      .where('action', '=', 'hours.corrected')
      .execute();
    expect(audit).toEqual([
      {
        action: 'hours.corrected',
        summary: expect.stringContaining('1.5 → 2 小时'),
        on_behalf_resident_id: walker.id,
      },
    ]);
    expect(
      await t.db
        .selectFrom('volunteer_hour_corrections')
        .select('id')
        .where('source_id', '=', entry.sourceId)
        .execute(),
    ).toHaveLength(1);
  });
});

describe('check-out at a volunteer activity', () => {
  let activity: number;
  let ordinary: number;
  let people: Awaited<ReturnType<typeof resident>>[];

  beforeAll(async () => {
    t.clock.set(county(8, 8));
    activity = (
      await buildActivity(t.deps, {
        communityId: east,
        startsAt: county(8, 9),
        endsAt: county(8, 11),
        volunteerService: true,
      })
    ).id;
    ordinary = (await buildActivity(t.deps, { communityId: east, startsAt: county(8, 9), endsAt: county(8, 11) })).id;
    people = [];
    for (let i = 0; i < 4; i++) people.push(await resident(east, `签退志愿者${i}`));
    t.clock.set(county(8, 9));
    for (const p of people) await checkInByStaff(activity, p.id);
  });

  it('refuses a wrong code and a check-in code, throttles the guesses, and writes nothing', async () => {
    t.clock.set(county(8, 10));
    const right = await checkoutCode(activity);
    const checkinCode = (await as(eastStaff, 'GET', `/api/activities/${activity}/checkin-code`)).json().code as string;
    expect(checkinCode).not.toBe(right);
    const guesser = people[0]!;
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const before = await t.db
      .selectFrom('checkins')
      .select(['id', 'checked_out_at'])
      .where('activity_id', '=', activity)
      .execute();
    const first = await as(guesser.cookie, 'POST', `/api/activities/${activity}/checkouts`, { code: checkinCode });
    expect(first.statusCode).toBe(400);
    expect(errorCode(first)).toBe('CHECKIN_CODE_INVALID');
    for (let i = 0; i < 9; i++)
      expect(
        errorCode(await as(guesser.cookie, 'POST', `/api/activities/${activity}/checkouts`, { code: wrong })),
      ).toBe('CHECKIN_CODE_INVALID');
    const blocked = await as(guesser.cookie, 'POST', `/api/activities/${activity}/checkouts`, { code: right });
    expect(blocked.statusCode).toBe(429);
    expect(
      await t.db.selectFrom('checkins').select(['id', 'checked_out_at']).where('activity_id', '=', activity).execute(),
    ).toEqual(before);
    // someone else is not held up
    expect(
      (await as(people[1]!.cookie, 'POST', `/api/activities/${activity}/checkouts`, { code: right })).statusCode,
    ).toBe(200);
    // an ordinary activity has no check-out
    expect(errorCode(await as(eastStaff, 'GET', `/api/activities/${ordinary}/checkout-code`))).toBe(
      'NOT_VOLUNTEER_ACTIVITY',
    );
  });

  it('staff check out one person, then everyone left (全部签退); a second marking is refused', async () => {
    t.clock.set(county(8, 10, 30));
    const one = await as(eastStaff, 'POST', `/api/activities/${activity}/checkouts`, { residentId: people[2]!.id });
    expect(one.statusCode, one.body).toBe(200);
    expect(
      errorCode(await as(eastStaff, 'POST', `/api/activities/${activity}/checkouts`, { residentId: people[2]!.id })),
    ).toBe('ALREADY_CHECKED_OUT');
    const stranger = await resident(east, '没签到的人');
    expect(
      errorCode(await as(eastStaff, 'POST', `/api/activities/${activity}/checkouts`, { residentId: stranger.id })),
    ).toBe('NOT_CHECKED_IN');
    expect(errorCode(await as(westStaff, 'POST', `/api/activities/${activity}/checkouts`, { all: true }))).toBe(
      'FORBIDDEN',
    );
    t.clock.set(county(8, 10, 50));
    const all = await as(eastStaff, 'POST', `/api/activities/${activity}/checkouts`, { all: true });
    expect(all.statusCode, all.body).toBe(200);
    // the guesser and the last one were still in; the others had gone
    expect(
      all
        .json()
        .checkedOut.map((c: { residentId: number }) => c.residentId)
        .sort(),
    ).toEqual([people[0]!.id, people[3]!.id]);
    const rows = await t.db
      .selectFrom('checkins')
      .select(['resident_id', 'checked_out_at', 'checkout_method'])
      .where('activity_id', '=', activity)
      .orderBy('resident_id')
      .execute();
    expect(rows.map((r) => [r.checked_out_at, r.checkout_method])).toEqual([
      [county(8, 10, 50), 'staff'],
      [county(8, 10), 'code'],
      [county(8, 10, 30), 'staff'],
      [county(8, 10, 50), 'staff'],
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'activity.checkout')
      .execute();
    expect(audit.map((a) => a.summary)).toEqual([
      expect.stringContaining('为签退志愿者2签退'),
      expect.stringContaining('全部签退（2人）'),
    ]);
    // after the window closes, check-out is over: the scheduled end counts, staff correct instead
    t.clock.set(county(8, 23));
    expect(errorCode(await as(eastStaff, 'POST', `/api/activities/${activity}/checkouts`, { all: true }))).toBe(
      'CHECKIN_CLOSED',
    );
  });
});

describe('two staff correcting the same entry at once', () => {
  let entry: { source: 'activity'; sourceId: number };
  beforeAll(async () => {
    entry = { source: 'activity', sourceId: (await volunteerCheckedIn(9, '并发更正志愿者')).checkinId };
  });

  const chain = async (sourceId: number) =>
    t.db
      .selectFrom('volunteer_hour_corrections')
      .select(['version', 'minutes_before', 'minutes'])
      .where('source', '=', 'activity')
      .where('source_id', '=', sourceId)
      .orderBy('version')
      .execute();

  it('accepts exactly one of eight corrections made from the same version; the others are told to reload', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        as(i % 2 ? eastStaff : eastStaff2, 'POST', '/api/volunteer-hours/corrections', {
          ...entry,
          minutes: 60 + i,
          reason: `更正${i}`,
          version: 0,
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const rows = await chain(entry.sourceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.minutes_before).toBe(120);
  });

  it(
    raceControl('a naive correction (no version) loses updates', 'a naive correction (no version) loses updates'),
    async () => {
      const { person: p, checkinId } = await volunteerCheckedIn(12, '对照志愿者');
      const row = { id: checkinId };
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          naiveCorrectHours(t.deps, {
            sourceId: row.id,
            residentId: p.id,
            by: eastStaffId,
            seenMinutes: 120,
            minutes: 60 + i,
          }),
        ),
      );
      expect(outcomes.filter(Boolean).length).toBeGreaterThan(1);
      const rows = await chain(row.id);
      // a lost update: some correction was made over a value its author never saw
      expect(rows.some((r, i) => i > 0 && r.minutes_before !== rows[i - 1]!.minutes)).toBe(true);
    },
  );
});

describe('staff and the code checking the same person out at once', () => {
  async function checkedInAt(day: number) {
    const { activity, person } = await volunteerCheckedIn(day, `并发签退志愿者${day}`);
    t.clock.set(county(day, 10, 45));
    return { activity, person };
  }

  it('checks the person out once: one answer 200, the others ALREADY_CHECKED_OUT, one audit entry at most', async () => {
    const { activity, person } = await checkedInAt(10);
    const code = await checkoutCode(activity);
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        as(i % 2 ? eastStaff : eastStaff2, 'POST', `/api/activities/${activity}/checkouts`, { residentId: person.id }),
      ),
      as(person.cookie, 'POST', `/api/activities/${activity}/checkouts`, { code }),
      as(eastStaff, 'POST', `/api/activities/${activity}/checkouts`, { all: true }),
    ]);
    const ok = answers.filter((a) => a.statusCode === 200 && a.json().checkedOut.length === 1);
    expect(ok).toHaveLength(1);
    for (const a of answers.filter((a) => !ok.includes(a)))
      // 全部签退 that found nobody left answers 200 with an empty list; the others are refused
      if (a.statusCode === 200) expect(a.json().checkedOut).toEqual([]);
      else expect(errorCode(a)).toBe('ALREADY_CHECKED_OUT');
    const rows = await t.db
      .selectFrom('checkins')
      .select(['checked_out_at'])
      .where('activity_id', '=', activity)
      .execute();
    expect(rows).toEqual([{ checked_out_at: county(10, 10, 45) }]);
    const audits = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'activity.checkout')
      .where('target_id', '=', String(activity))
      .execute();
    expect(audits.length).toBeLessThanOrEqual(1);
  });

  it(
    raceControl(
      'look-then-write check-out: several markings each think they checked the person out',
      'look-then-write check-out: one marking writes',
    ),
    async () => {
      const { activity, person } = await checkedInAt(11);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          naiveCheckOut(t.deps, {
            activityId: activity,
            residentId: person.id,
            at: county(11, 10, 40 + i),
            by: eastStaffId,
          }),
        ),
      );
      const wrote = outcomes.filter(Boolean).length;
      if (onPostgres) expect(wrote).toBeGreaterThan(1);
      else expect(wrote).toBe(1);
    },
  );
});

describe('a volunteer barber who is not a registered resident', () => {
  let barberUser: number;
  let barberCookie: string;
  let colleague: Awaited<ReturnType<typeof resident>>;

  beforeAll(async () => {
    // 陈师傅 has a volunteer login of 东园 but no resident record; 孙师傅 is a resident with a login.
    // Both serve the 16th's 上午 (08:30–11:30); 陈师傅 the 下午 (14:30–17:00) as well.
    t.clock.set(county(1, 8));
    barberUser = (await buildUser(t.deps, [{ role: 'volunteer', communityId: east }], { name: '理发志愿者陈师傅' })).id;
    barberCookie = await quickCookie(t, barberUser);
    colleague = await resident(east, '理发志愿者孙师傅');
    const service = await buildService(t.deps, {
      communityId: east,
      schedule: {
        daysOfMonth: [16],
        sessions: [
          { period: '上午', start: '08:30', end: '11:30', capacity: 25 },
          { period: '下午', start: '14:30', end: '17:00', capacity: 25 },
        ],
      },
    });
    const [morning] = await assignAndComplete(service.id, barberUser, [16], [16]);
    await t.db
      .insertInto('rota_assignments')
      .values({ session_id: morning!.id, user_id: colleague.userId, created_at: morning!.starts_at })
      .execute();
    t.clock.set(county(20, 9));
  });

  it('counts the shifts under the service community, once per person, in the totals, the export and on the phone', async () => {
    // 180 + 150 (陈) + 180 (孙) = 510 minutes = 8.5 h, two volunteers
    expect(await sumVolunteerHours(t.db, { from: '2026-12-16', to: '2026-12-16' })).toEqual({
      hours: 8.5,
      volunteers: 2,
      byCommunity: [{ communityId: east, hours: 8.5, volunteers: 2 }],
    });
    const totals = await as(eastStaff, 'GET', `/api/volunteer-hours?from=2026-12-16&to=2026-12-16`);
    expect(totals.statusCode, totals.body).toBe(200);
    expect(totals.json()).toMatchObject({ hours: 8.5, volunteers: 2 });
    expect(totals.json().rows).toEqual([
      {
        residentId: null,
        userId: barberUser,
        name: '理发志愿者陈师傅',
        communityId: east,
        communityName: '东园社区',
        entries: 2,
        minutes: 330,
        hours: 5.5,
      },
      {
        residentId: colleague.id,
        userId: colleague.userId,
        name: '理发志愿者孙师傅',
        communityId: east,
        communityName: '东园社区',
        entries: 1,
        minutes: 180,
        hours: 3,
      },
    ]);
    expect((await as(westStaff, 'GET', `/api/volunteer-hours?from=2026-12-16&to=2026-12-16`)).json().rows).toEqual([]);

    const exported = await as(eastStaff, 'GET', `/api/volunteer-hours/export?from=2026-12-16&to=2026-12-16`);
    expect(exported.statusCode, exported.body.slice(0, 300)).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const names: unknown[] = [];
    for (let n = 2; n <= sheet.rowCount; n++) names.push(sheet.getRow(n).getCell(2).value);
    expect(names.sort()).toEqual(['理发志愿者孙师傅', '理发志愿者陈师傅', '理发志愿者陈师傅']);

    const mine = await as(barberCookie, 'GET', '/api/me/volunteer-hours');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ residentName: '理发志愿者陈师傅', totalMinutes: 330, totalHours: 5.5 });
    expect(mine.json().entries.map((e: { minutes: number }) => e.minutes)).toEqual([150, 180]);
    // a staff login is neither a resident nor a volunteer: still refused
    expect(errorCode(await as(westStaff, 'GET', '/api/me/volunteer-hours'))).toBe('FORBIDDEN');
  });

  it("gives the person's entries and certificate by the login, to the community's staff only, and corrects one", async () => {
    const url = `/api/volunteer-hours/users/${barberUser}?from=2026-12-01&to=2026-12-31`;
    const person = await as(eastStaff, 'GET', url);
    expect(person.statusCode, person.body).toBe(200);
    expect(person.json()).toMatchObject({
      resident: {
        id: null,
        userId: barberUser,
        name: '理发志愿者陈师傅',
        idNumberMasked: null,
        communityName: '东园社区',
      },
      totalMinutes: 330,
    });
    expect(errorCode(await as(westStaff, 'GET', url))).toBe('FORBIDDEN');
    // a login with a resident record is the resident's entries
    const viaLogin = await as(
      eastStaff,
      'GET',
      `/api/volunteer-hours/users/${colleague.userId}?from=2026-12-01&to=2026-12-31`,
    );
    expect(viaLogin.json()).toMatchObject({
      resident: { id: colleague.id, name: '理发志愿者孙师傅' },
      totalMinutes: 180,
    });

    const entry = person.json().entries[0];
    expect(entry).toMatchObject({ source: 'shift', residentId: null, userId: barberUser, minutes: 180, version: 0 });
    const before = await databaseFingerprint(t.deps);
    expect(
      errorCode(
        await as(westStaff, 'POST', '/api/volunteer-hours/corrections', {
          source: 'shift',
          sourceId: entry.sourceId,
          minutes: 120,
          reason: '提前走了',
          version: 0,
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(await databaseFingerprint(t.deps)).toBe(before);
    const corrected = await as(eastStaff, 'POST', '/api/volunteer-hours/corrections', {
      source: 'shift',
      sourceId: entry.sourceId,
      minutes: 120,
      reason: '十点半提前离开',
      version: 0,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toEqual({ minutes: 120, hours: 2, version: 1 });
    expect((await as(barberCookie, 'GET', '/api/me/volunteer-hours')).json()).toMatchObject({ totalMinutes: 270 });
    expect(await sumVolunteerHours(t.db, { from: '2026-12-16', to: '2026-12-16' })).toMatchObject({
      hours: 7.5,
      volunteers: 2,
    });
    expect(
      await t.db
        .selectFrom('volunteer_hour_corrections')
        .select(['resident_id', 'minutes'])
        .where('source', '=', 'shift')
        .where('source_id', '=', entry.sourceId)
        .execute(),
    ).toEqual([{ resident_id: null, minutes: 120 }]);
  });
});
