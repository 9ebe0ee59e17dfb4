import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, TEST_PASSWORD, type TestApp } from './support/app.js';
import {
  buildCommunity,
  buildPointsRules,
  buildResident,
  buildService,
  buildStaff,
  buildUser,
  uniquePhone,
} from './support/factories.js';
import { verifyPassword } from '../src/modules/accounts/passwords.js';

/**
 * One person, several roles (issue 12, item 4): one phone, one account — resident, volunteer,
 * staff, merchant — and a barber who is also a resident earns points for a shift.
 * "Now" is Saturday 28 November 2026, 10:00 in the county.
 */
let t: TestApp;
let community: { id: number };
let staffCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  community = await buildCommunity(t.deps, '苗圃社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
});
afterAll(() => t.close());

const me = async (cookie: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).json();
const count = async (table: 'users' | 'residents' | 'user_roles' | 'points_ledger') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('one phone, one account', () => {
  it("answers PHONE_TAKEN with the existing account for a resident's phone, then adds the volunteer role to that account", async () => {
    const resident = await buildResident(t.deps, { communityId: community.id, name: '李师傅', withLogin: true });
    const usersBefore = await count('users');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: staffCookie },
      payload: {
        name: '李师傅',
        phone: resident.phone,
        password: 'barber-password-1',
        roles: [{ role: 'volunteer', communityId: community.id }],
      },
    });
    expect(created.statusCode).toBe(409);
    expect(errorCode(created)).toBe('PHONE_TAKEN');
    const existing = created.json().error.existingUser as { id: number; nameMasked: string };
    expect(existing.nameMasked).not.toBe('李师傅');
    expect(await count('users')).toBe(usersBefore);

    const grant = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/users/${existing.id}/roles`,
        headers: { cookie: staffCookie },
        payload: { roles: [{ role: 'volunteer', communityId: community.id }] },
      });
    // twice at once: the grant is held once
    const answers = await Promise.all([grant(), grant(), grant()]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const grants = await t.db.selectFrom('user_roles').select('role').where('user_id', '=', existing.id).execute();
    expect(grants).toEqual([{ role: 'volunteer' }]);

    const cookie = await signIn(t.app, resident.phone!);
    expect(await me(cookie)).toMatchObject({
      roles: [{ role: 'volunteer', communityId: community.id }],
      resident: { id: resident.id, communityId: community.id },
    });
  });

  it('refuses community staff granting a staff role or a volunteer role in another community, writing nothing', async () => {
    const user = await buildUser(t.deps, [{ role: 'volunteer', communityId: community.id }]);
    const elsewhere = await buildCommunity(t.deps);
    const before = await count('user_roles');
    for (const roles of [
      [{ role: 'community_staff', communityId: community.id }],
      [{ role: 'volunteer', communityId: elsewhere.id }],
    ]) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/users/${user.id}/roles`,
        headers: { cookie: staffCookie },
        payload: { roles },
      });
      expect(r.statusCode).toBe(403);
    }
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/users/${user.id}/roles`,
      headers: { cookie: staffCookie },
      payload: { roles: [{ role: 'volunteer' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(errorFields(bad)).toEqual(['roles.0.communityId']);
    expect(await count('user_roles')).toBe(before);
  });

  it("links a resident registered with a volunteer's phone to that account: one login with both", async () => {
    const phone = uniquePhone();
    const volunteer = await buildUser(t.deps, [{ role: 'volunteer', communityId: community.id }], {
      phone,
      name: '周师傅',
    });
    const register = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/residents', headers: { cookie: staffCookie }, payload });
    const base = { name: '周师傅', communityId: community.id, birthDate: '1960-02-02', phone };
    const usersBefore = await count('users');
    const residentsBefore = await count('residents');
    // a password for a login that already exists is refused rather than silently ignored
    const withPassword = await register({ ...base, password: 'another-password-7' });
    expect(withPassword.statusCode).toBe(400);
    expect(errorFields(withPassword)).toEqual(['password']);
    expect(await count('residents')).toBe(residentsBefore);

    const registered = await register(base);
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toMatchObject({ linkedToExistingAccount: true });
    expect(await count('users')).toBe(usersBefore);
    const cookie = await signIn(t.app, phone);
    expect(await me(cookie)).toMatchObject({
      id: volunteer.id,
      roles: [{ role: 'volunteer' }],
      resident: { id: registered.json().id },
    });
    // the same phone again: that account is already a resident
    const again = await register({ ...base, name: '周师傅二' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('PHONE_TAKEN');
  });
});

describe('barber shift points (场次完成)', () => {
  it('pays each volunteer who is a resident once per shift, however many staff mark it done at once; a volunteer without a resident record earns nothing and the answer says why', async () => {
    const rule = (
      await buildPointsRules(t.deps, community.id, [
        { code: 'SHIFT', name: '便民服务值班', category: '志愿服务', points: 10 },
      ])
    ).SHIFT;
    const barber = await buildResident(t.deps, { communityId: community.id, name: '吴师傅', withLogin: true });
    const barberUserId = (
      await t.db.selectFrom('residents').select('user_id').where('id', '=', barber.id).executeTakeFirstOrThrow()
    ).user_id!;
    const grant = await t.app.inject({
      method: 'POST',
      url: `/api/users/${barberUserId}/roles`,
      headers: { cookie: staffCookie },
      payload: { roles: [{ role: 'volunteer', communityId: community.id }] },
    });
    expect(grant.statusCode).toBe(200);
    const plainVolunteer = await buildUser(t.deps, [{ role: 'volunteer', communityId: community.id }], {
      name: '郑师傅',
    });
    const service = await buildService(t.deps, { communityId: community.id, volunteersPerSession: 2 });
    for (const userId of [barberUserId, plainVolunteer.id]) {
      const added = await t.app.inject({
        method: 'POST',
        url: `/api/services/${service.id}/volunteers`,
        headers: { cookie: staffCookie },
        payload: { userId },
      });
      expect(added.statusCode).toBeLessThan(300);
    }
    const roster = await t.app.inject({
      method: 'POST',
      url: `/api/services/${service.id}/roster/generate`,
      headers: { cookie: staffCookie },
      payload: { month: '2026-12' },
    });
    expect(roster.statusCode).toBeLessThan(300);
    const session = await t.db
      .selectFrom('service_sessions')
      .select(['id', 'starts_at'])
      .where('service_id', '=', service.id)
      .orderBy('starts_at')
      .executeTakeFirstOrThrow();
    const complete = (payload: object = { ruleId: rule }) =>
      t.app.inject({
        method: 'POST',
        url: `/api/service-sessions/${session.id}/complete`,
        headers: { cookie: staffCookie },
        payload,
      });

    const early = await complete();
    expect(early.statusCode).toBe(409);
    t.clock.set(session.starts_at);
    try {
      const ledgerBefore = await count('points_ledger');
      const answers = await Promise.all(Array.from({ length: 6 }, () => complete()));
      const statuses = answers.map((a) => a.statusCode).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
      const done = answers.find((a) => a.statusCode === 200)!.json();
      expect(done.volunteers).toEqual(
        expect.arrayContaining([
          { userId: barberUserId, name: expect.any(String), points: 10, noPointsReason: null },
          { userId: plainVolunteer.id, name: '郑师傅', points: null, noPointsReason: 'NO_RESIDENT' },
        ]),
      );
      // invariants in SQL: one ledger entry for the shift, the balance equals it
      const entries = await t.db
        .selectFrom('points_ledger')
        .select(['resident_id', 'delta', 'idempotency_key'])
        .where('ref_type', '=', 'service_session')
        .where('ref_id', '=', String(session.id))
        .execute();
      expect(entries).toEqual([
        { resident_id: barber.id, delta: 10, idempotency_key: `shift:${session.id}:${barberUserId}` },
      ]);
      expect(await count('points_ledger')).toBe(ledgerBefore + 1);
      const balance = await t.db
        .selectFrom('points_balances')
        .select('balance')
        .where('resident_id', '=', barber.id)
        .executeTakeFirstOrThrow();
      expect(balance.balance).toBe(10);
      expect(errorCode(await complete())).toBe('SESSION_ALREADY_COMPLETED');
    } finally {
      t.clock.set('2026-11-28T02:00:00.000Z');
    }
  });
});

describe('shift points for an archived resident', () => {
  it('marks the session done and pays the others, but credits nothing to a volunteer whose resident record is archived and says why', async () => {
    const rule = (
      await buildPointsRules(t.deps, community.id, [
        { code: 'SHIFT2', name: '便民服务值班（二）', category: '志愿服务', points: 10 },
      ])
    ).SHIFT2;
    const volunteerResident = async (name: string) => {
      const resident = await buildResident(t.deps, { communityId: community.id, name, withLogin: true });
      const { user_id } = await t.db
        .selectFrom('residents')
        .select('user_id')
        .where('id', '=', resident.id)
        .executeTakeFirstOrThrow();
      const granted = await t.app.inject({
        method: 'POST',
        url: `/api/users/${user_id}/roles`,
        headers: { cookie: staffCookie },
        payload: { roles: [{ role: 'volunteer', communityId: community.id }] },
      });
      expect(granted.statusCode).toBe(200);
      return { residentId: resident.id, userId: user_id! };
    };
    const stays = await volunteerResident('冯师傅');
    const leaves = await volunteerResident('何师傅');
    const service = await buildService(t.deps, { communityId: community.id, volunteersPerSession: 2 });
    for (const { userId } of [stays, leaves]) {
      const added = await t.app.inject({
        method: 'POST',
        url: `/api/services/${service.id}/volunteers`,
        headers: { cookie: staffCookie },
        payload: { userId },
      });
      expect(added.statusCode).toBeLessThan(300);
    }
    const roster = await t.app.inject({
      method: 'POST',
      url: `/api/services/${service.id}/roster/generate`,
      headers: { cookie: staffCookie },
      payload: { month: '2026-12' },
    });
    expect(roster.statusCode).toBeLessThan(300);
    const archived = await t.app.inject({
      method: 'POST',
      url: `/api/residents/${leaves.residentId}/archive`,
      headers: { cookie: staffCookie },
      payload: { reason: 'moved', date: '2026-11-28' },
    });
    expect(archived.statusCode).toBe(204);
    const session = await t.db
      .selectFrom('service_sessions')
      .select(['id', 'starts_at'])
      .where('service_id', '=', service.id)
      .orderBy('starts_at')
      .executeTakeFirstOrThrow();
    t.clock.set(session.starts_at);
    try {
      const done = await t.app.inject({
        method: 'POST',
        url: `/api/service-sessions/${session.id}/complete`,
        headers: { cookie: staffCookie },
        payload: { ruleId: rule },
      });
      expect(done.statusCode).toBe(200);
      expect(done.json().volunteers).toEqual(
        expect.arrayContaining([
          { userId: stays.userId, name: '冯师傅', points: 10, noPointsReason: null },
          { userId: leaves.userId, name: '何师傅', points: null, noPointsReason: 'RESIDENT_ARCHIVED' },
        ]),
      );
      const credited = await t.db
        .selectFrom('points_ledger')
        .select('resident_id')
        .where('ref_type', '=', 'service_session')
        .where('ref_id', '=', String(session.id))
        .execute();
      expect(credited).toEqual([{ resident_id: stays.residentId }]);
    } finally {
      t.clock.set('2026-11-28T02:00:00.000Z');
    }
  });
});

describe("a resident's login given a role", () => {
  const grant = (userId: number, role: 'volunteer' | 'community_staff' = 'volunteer') =>
    t.app.inject({
      method: 'POST',
      url: `/api/users/${userId}/roles`,
      headers: { cookie: staffCookie },
      payload: { roles: [{ role, communityId: community.id }] },
    });
  const userIdOf = async (residentId: number) =>
    (await t.db.selectFrom('residents').select('user_id').where('id', '=', residentId).executeTakeFirstOrThrow())
      .user_id!;
  const flagOf = async (userId: number) =>
    (await t.db.selectFrom('users').select('must_change_password').where('id', '=', userId).executeTakeFirstOrThrow())
      .must_change_password;
  const changePassword = (cookie: string, newPassword: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword },
    });

  it("must set a password under the roles' rule before anything else, its open session included", async () => {
    const resident = await buildResident(t.deps, { communityId: community.id, name: '何师傅', withLogin: true });
    const userId = await userIdOf(resident.id);
    // signed in on the resident's own phone before the grant
    const cookie = await signIn(t.app, resident.phone!);
    const shifts = () => t.app.inject({ method: 'GET', url: '/api/me/shifts', headers: { cookie } });
    expect((await shifts()).statusCode).toBe(200);

    // three grants at once: the flag is set, the role held once
    expect((await Promise.all([grant(userId), grant(userId), grant(userId)])).map((r) => r.statusCode)).toEqual([
      200, 200, 200,
    ]);
    expect(await flagOf(userId)).toBe(2);
    const refused = await shifts();
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await me(cookie)).toMatchObject({ mustChangePassword: true, passwordChangeReason: 'new_role' });

    // a password the residents' rule accepts is not enough any more
    const weak = await changePassword(cookie, 'tongche26');
    expect(weak.statusCode).toBe(400);
    expect(errorFields(weak)).toEqual(['newPassword']);
    expect(await flagOf(userId)).toBe(2);
    expect((await changePassword(cookie, 'tongche-2026-he')).statusCode).toBe(204);
    expect(await flagOf(userId)).toBe(0);
    expect((await shifts()).statusCode).toBe(200);
    expect(await me(cookie)).toMatchObject({ mustChangePassword: false, passwordChangeReason: null });

    // a further role on an account that already has one asks nothing again
    expect((await grant(userId, 'volunteer')).statusCode).toBe(200);
    expect(await flagOf(userId)).toBe(0);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'user.roles_grant')
      .where('target_id', '=', String(userId))
      .execute();
    expect(audit.filter((a) => a.summary.includes('须设置新密码')).length).toBeGreaterThanOrEqual(1);
  });

  it('12 residents each changing to a resident-grade password while a role is granted: none ends with the role, no pending change and that password (both databases: the hash is made between the check and the write)', async () => {
    const people = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
        return { userId: await userIdOf(resident.id), cookie: await signIn(t.app, resident.phone!) };
      }),
    );
    const answers = await Promise.all(
      people.flatMap(({ userId, cookie }) => [changePassword(cookie, 'tongche26'), grant(userId)]),
    );
    expect(answers.filter((a) => a.statusCode >= 500)).toEqual([]);
    // invariant in SQL: whoever holds the role either owes a new password or kept the old one
    const rows = await t.db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id', 'users.password_hash', 'users.must_change_password'])
      .where(
        'users.id',
        'in',
        people.map((p) => p.userId),
      )
      .execute();
    expect(rows).toHaveLength(people.length);
    const passedBy = [];
    for (const row of rows) {
      if (row.must_change_password === 0 && (await verifyPassword(row.password_hash!, 'tongche26')))
        passedBy.push(row.id);
    }
    expect(passedBy).toEqual([]);
  });

  it('keeps a pending reset as a reset, and asks nothing of an account with no password yet', async () => {
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const userId = await userIdOf(resident.id);
    await t.db.updateTable('users').set({ must_change_password: 1 }).where('id', '=', userId).execute();
    expect((await grant(userId)).statusCode).toBe(200);
    expect(await flagOf(userId)).toBe(1);

    const noPassword = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const noPasswordId = await userIdOf(noPassword.id);
    await t.db.updateTable('users').set({ password_hash: null }).where('id', '=', noPasswordId).execute();
    expect((await grant(noPasswordId)).statusCode).toBe(200);
    expect(await flagOf(noPasswordId)).toBe(0);
  });
});
