import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type TestApp } from './support/app.js';
import {
  actorOf,
  buildCenterAdmin,
  buildCommunity,
  buildPointsRules,
  buildResident,
  buildStaff,
  buildUser,
} from './support/factories.js';
import { expectLedgerInvariants, ledgerCount } from './support/ledger.js';
import { naiveCheckIn, naiveRegister } from './support/naive-activities.js';
import type { Actor } from '../src/platform/actor.js';
import { CODE_SLOT_MS, checkinCodeAt } from '../src/modules/activities/checkin-code.js';

/** Sign-up and check-in under concurrent requests, on SQLite and PostgreSQL, with naive controls. */
const ON_POSTGRES = process.env.ZL_TEST_DB === 'postgres';
let t: TestApp;
let communityId: number;
let staffCookie: string;
let staffActor: Actor;
let adminCookie: string;
let ruleId: number;

beforeAll(async () => {
  t = await createTestApp();
  communityId = (await buildCommunity(t.deps)).id;
  const staff = await buildStaff(t.deps, communityId);
  staffCookie = await signIn(t.app, staff.phone);
  staffActor = await actorOf(t.deps, staff);
  adminCookie = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
  ruleId = (
    await buildPointsRules(t.deps, communityId, [{ code: 'ACT', name: '参加活动', category: '活动参与', points: 3 }])
  ).ACT;
});
afterAll(() => t.close());

async function publishedActivity(capacity: number | null) {
  const venue = (
    await t.app.inject({
      method: 'POST',
      url: `/api/communities/${communityId}/venues`,
      headers: { cookie: staffCookie },
      payload: { name: `活动室${Math.random()}` },
    })
  ).json().id;
  const id = (
    await t.app.inject({
      method: 'POST',
      url: '/api/activities',
      headers: { cookie: staffCookie },
      payload: {
        communityId,
        title: '健康讲座',
        category: '健康讲座',
        venueId: venue,
        startsAt: '2026-11-28T14:00:00+08:00',
        endsAt: '2026-11-28T16:00:00+08:00',
        capacity,
        pointsRuleId: ruleId,
      },
    })
  ).json().id as number;
  expect(
    (await t.app.inject({ method: 'POST', url: `/api/activities/${id}/publish`, headers: { cookie: adminCookie } }))
      .statusCode,
  ).toBe(200);
  return id;
}

async function residentsWithLogins(n: number) {
  const list: { id: number; cookie: string }[] = [];
  for (let i = 0; i < n; i++) {
    const r = await buildResident(t.deps, { communityId });
    const login = await buildUser(t.deps, []);
    await t.db.updateTable('residents').set({ user_id: login.id }).where('id', '=', r.id).execute();
    list.push({ id: r.id, cookie: await signIn(t.app, login.phone) });
  }
  return list;
}

describe('60 concurrent sign-ups for 20 places', () => {
  it('registers exactly 20 and waitlists 40 at positions 1…40', async () => {
    const id = await publishedActivity(20);
    const people = await residentsWithLogins(60);
    const outcomes = await Promise.all(
      people.map((p) =>
        t.app.inject({
          method: 'POST',
          url: `/api/activities/${id}/registrations`,
          headers: { cookie: p.cookie },
          payload: {},
        }),
      ),
    );
    expect(outcomes.every((o) => o.statusCode === 201)).toBe(true);
    const rows = await t.db
      .selectFrom('registrations')
      .select(['resident_id', 'status', 'waitlist_position', 'id'])
      .where('activity_id', '=', id)
      .execute();
    expect(rows.filter((r) => r.status === 'registered')).toHaveLength(20);
    const waitlist = rows.filter((r) => r.status === 'waitlisted');
    expect(waitlist.map((r) => r.waitlist_position).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    // Arrival order: a later row never holds an earlier place on the waitlist.
    const byRow = [...waitlist].sort((a, b) => a.id - b.id).map((r) => r.waitlist_position);
    expect(byRow).toEqual([...byRow].sort((a, b) => a! - b!));
    const activity = await t.db
      .selectFrom('activities')
      .select('registered')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(activity.registered).toBe(20);
    // The answers agree with the rows: the 40 waitlisted were told their positions.
    const positions = outcomes
      .map((o) => o.json())
      .filter((b) => b.status === 'waitlisted')
      .map((b) => b.position)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    // Ten cancellations at once promote the first ten of the waitlist, no more.
    const registered = rows.filter((r) => r.status === 'registered').slice(0, 10);
    await Promise.all(
      registered.map((r) =>
        t.app.inject({
          method: 'DELETE',
          url: `/api/activities/${id}/registrations/${r.id}`,
          headers: { cookie: staffCookie },
        }),
      ),
    );
    const after = await t.db
      .selectFrom('registrations')
      .select(['status', 'waitlist_position', 'resident_id'])
      .where('activity_id', '=', id)
      .execute();
    expect(after.filter((r) => r.status === 'registered')).toHaveLength(20);
    const promotedFrom = waitlist
      .filter((w) => after.find((a) => a.resident_id === w.resident_id)!.status === 'registered')
      .map((w) => w.waitlist_position)
      .sort((a, b) => a! - b!);
    expect(promotedFrom).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(
      (await t.db.selectFrom('activities').select('registered').where('id', '=', id).executeTakeFirstOrThrow())
        .registered,
    ).toBe(20);
  });

  it('raising the capacity gives the new places to the waitlist in order, even while others sign up', async () => {
    const id = await publishedActivity(5);
    const first = await residentsWithLogins(15);
    for (const p of first)
      await t.app.inject({
        method: 'POST',
        url: `/api/activities/${id}/registrations`,
        headers: { cookie: p.cookie },
        payload: {},
      });
    const before = await t.db
      .selectFrom('registrations')
      .select(['resident_id', 'status', 'waitlist_position'])
      .where('activity_id', '=', id)
      .execute();
    expect(before.filter((r) => r.status === 'waitlisted')).toHaveLength(10);
    const latecomers = await residentsWithLogins(10);
    const [raise] = await Promise.all([
      t.app.inject({
        method: 'PATCH',
        url: `/api/activities/${id}`,
        headers: { cookie: staffCookie },
        payload: { capacity: 10, changeNote: '加了5个名额' },
      }),
      ...latecomers.map((p) =>
        t.app.inject({
          method: 'POST',
          url: `/api/activities/${id}/registrations`,
          headers: { cookie: p.cookie },
          payload: {},
        }),
      ),
    ]);
    expect(raise!.statusCode).toBe(200);
    const after = await t.db
      .selectFrom('registrations')
      .select(['resident_id', 'status'])
      .where('activity_id', '=', id)
      .execute();
    expect(after.filter((r) => r.status === 'registered')).toHaveLength(10);
    expect(
      (await t.db.selectFrom('activities').select('registered').where('id', '=', id).executeTakeFirstOrThrow())
        .registered,
    ).toBe(10);
    // The five who waited longest got the places; no latecomer jumped the queue.
    const promoted = before
      .filter(
        (w) => w.status === 'waitlisted' && after.find((a) => a.resident_id === w.resident_id)!.status === 'registered',
      )
      .map((w) => w.waitlist_position);
    expect(promoted.sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5]);
    expect(
      after.filter((r) => latecomers.some((l) => l.id === r.resident_id)).every((r) => r.status === 'waitlisted'),
    ).toBe(true);
    const told = await t.db
      .selectFrom('notifications')
      .select('kind')
      .where('kind', '=', 'registration.promoted')
      .where('link', '=', `/activities/${id}`)
      .execute();
    expect(told).toHaveLength(5);
  });

  async function naiveSignUps(inTransaction: boolean) {
    const id = await publishedActivity(20);
    const people = await residentsWithLogins(60);
    await Promise.all(people.map((p) => naiveRegister(t.deps, { activityId: id, residentId: p.id, inTransaction })));
    const registered = await t.db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_id', '=', id)
      .where('status', '=', 'registered')
      .executeTakeFirstOrThrow();
    return Number(registered.n);
  }

  // One test on each database, named for what it can show there: no run skips it.
  it(
    ON_POSTGRES
      ? 'control: count-then-insert inside one transaction registers more than 20'
      : 'control on SQLite, which runs one transaction at a time: count-then-insert inside a transaction cannot race here (exactly 20 — only the PostgreSQL run catches it); counted outside the transaction it registers more than 20',
    async () => {
      if (ON_POSTGRES) {
        expect(await naiveSignUps(true)).toBeGreaterThan(20);
      } else {
        expect(await naiveSignUps(true)).toBe(20);
        expect(await naiveSignUps(false)).toBeGreaterThan(20);
      }
    },
  );
});

describe('a waitlisted person cancelling while a cancellation promotes them', () => {
  it('cancels what they hold at that moment: both end cancelled, no place held, never a 404 (30 trials)', async () => {
    const [holder, waiting] = await residentsWithLogins(2);
    const notFound: number[] = [];
    for (let trial = 0; trial < 30; trial++) {
      const id = await publishedActivity(1);
      const signUp = (p: { cookie: string }) =>
        t.app.inject({
          method: 'POST',
          url: `/api/activities/${id}/registrations`,
          headers: { cookie: p.cookie },
          payload: {},
        });
      const held = (await signUp(holder!)).json();
      const waited = (await signUp(waiting!)).json();
      expect([held.status, waited.status]).toEqual(['registered', 'waitlisted']);
      const cancel = (p: { cookie: string }, registrationId: number) =>
        t.app.inject({
          method: 'DELETE',
          url: `/api/activities/${id}/registrations/${registrationId}`,
          headers: { cookie: p.cookie },
        });
      // The holder's cancellation promotes the waiting person while they cancel themselves.
      const [first, second] = await Promise.all([cancel(holder!, held.id), cancel(waiting!, waited.id)]);
      expect(first.statusCode).toBe(204);
      if (second.statusCode === 404) notFound.push(trial);
      const rows = await t.db.selectFrom('registrations').select('status').where('activity_id', '=', id).execute();
      const activity = await t.db
        .selectFrom('activities')
        .select('registered')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect({ trial, statuses: rows.map((r) => r.status).sort(), registered: activity.registered }).toEqual({
        trial,
        statuses: ['cancelled', 'cancelled'],
        registered: 0,
      });
    }
    expect(notFound).toEqual([]);
  });
});

describe('30 concurrent check-ins of one person', () => {
  it('records one check-in and one points entry', async () => {
    t.clock.set('2026-11-28T06:00:00.000Z'); // 14:00 in the county: the activity is on
    const id = await publishedActivity(null);
    const [resident] = await residentsWithLogins(1);
    const codes = await t.db
      .selectFrom('residents')
      .select('member_code')
      .where('id', '=', resident!.id)
      .executeTakeFirstOrThrow();
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/activities/${id}/checkins`,
          headers: { cookie: staffCookie },
          payload: i % 2 ? { memberCode: codes.member_code } : { residentId: resident!.id },
        }),
      ),
    );
    expect(outcomes.filter((o) => o.statusCode === 201)).toHaveLength(1);
    expect(
      outcomes.filter((o) => o.statusCode === 409).every((o) => o.json().error.code === 'ALREADY_CHECKED_IN'),
    ).toBe(true);
    expect(outcomes.filter((o) => o.statusCode === 409)).toHaveLength(29);
    const checkins = await t.db.selectFrom('checkins').selectAll().where('activity_id', '=', id).execute();
    expect(checkins).toHaveLength(1);
    expect(await ledgerCount(t.deps, { residentId: resident!.id })).toBe(1);
    expect(
      (await t.db.selectFrom('activities').select('registered').where('id', '=', id).executeTakeFirstOrThrow())
        .registered,
    ).toBe(1);
    await expectLedgerInvariants(t.deps);
    t.clock.set('2026-11-28T02:00:00.000Z');
  });

  async function naiveCheckIns(inTransaction: boolean) {
    t.clock.set('2026-11-28T06:00:00.000Z');
    const id = await publishedActivity(null);
    const [resident] = await residentsWithLogins(1);
    await Promise.all(
      Array.from({ length: 30 }, () =>
        naiveCheckIn(t.deps, { actor: staffActor, activityId: id, residentId: resident!.id, ruleId, inTransaction }),
      ),
    );
    t.clock.set('2026-11-28T02:00:00.000Z');
    return ledgerCount(t.deps, { residentId: resident!.id });
  }

  // One test on each database, named for what it can show there: no run skips it.
  it(
    ON_POSTGRES
      ? 'control: look-then-award inside one transaction pays the points more than once'
      : 'control on SQLite, which runs one transaction at a time: look-then-award inside a transaction cannot race here (paid once — only the PostgreSQL run catches it); looked up outside the transaction it pays more than once',
    async () => {
      if (ON_POSTGRES) {
        expect(await naiveCheckIns(true)).toBeGreaterThan(1);
      } else {
        expect(await naiveCheckIns(true)).toBe(1);
        expect(await naiveCheckIns(false)).toBeGreaterThan(1);
      }
    },
  );
});

describe('30 concurrent wrong check-in codes from one phone', () => {
  it(
    ON_POSTGRES
      ? 'looks at exactly 10 of them and refuses the other 20 with RATE_LIMITED (a count-then-insert looks at more)'
      : 'looks at exactly 10 and refuses 20 — SQLite serves these one at a time, so this run shows the limit but cannot catch a count-then-insert race; the PostgreSQL run does',
    async () => {
      t.clock.set('2026-11-28T06:00:00.000Z');
      const id = await publishedActivity(null);
      const [guesser] = await residentsWithLogins(1);
      const { checkin_secret: secret } = await t.db
        .selectFrom('activities')
        .select('checkin_secret')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const now = t.clock.now();
      const right = [now, new Date(now.getTime() - CODE_SLOT_MS)].map((at) => checkinCodeAt(secret, id, at).code);
      const wrong = Array.from({ length: 40 }, (_, i) => String(i).padStart(6, '0'))
        .filter((code) => !right.includes(code))
        .slice(0, 30);
      const outcomes = await Promise.all(
        wrong.map((code) =>
          t.app.inject({
            method: 'POST',
            url: `/api/activities/${id}/checkins`,
            headers: { cookie: guesser!.cookie },
            payload: { code },
          }),
        ),
      );
      const codes = outcomes.map((o) => errorCode(o));
      expect(codes.filter((c) => c === 'CHECKIN_CODE_INVALID')).toHaveLength(10);
      expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(20);
      t.clock.set('2026-11-28T02:00:00.000Z');
    },
  );
});
