import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, quickCookie, type TestApp } from './support/app.js';
import {
  buildCenterAdmin,
  buildCommunity,
  buildMerchant,
  buildPointsRules,
  buildResident,
  buildShopItem,
  buildStaff,
  buildUser,
  fundResident,
} from './support/factories.js';

/**
 * Account takeovers and self-dealing that "one person, several roles" opened (review 12: C1, C2, H2, M1).
 * Each attack is played through HTTP as the attacker would; every refusal leaves the tables as they were.
 */
let t: TestApp;
let a: number;
let b: number;
let admin: { id: number; phone: string };
let centerCookie: string;
let staffA: { id: number; phone: string };
let staffACookie: string;
let staffB: { id: number; phone: string };

beforeAll(async () => {
  t = await createTestApp();
  a = (await buildCommunity(t.deps)).id;
  b = (await buildCommunity(t.deps)).id;
  admin = await buildCenterAdmin(t.deps);
  centerCookie = await quickCookie(t, admin.id);
  staffA = await buildStaff(t.deps, a);
  staffACookie = await quickCookie(t, staffA.id);
  staffB = await buildStaff(t.deps, b);
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH';
const call = (cookie: string, method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const loginOf = (id: number) =>
  t.db
    .selectFrom('users')
    .select(['name', 'phone', 'password_hash', 'disabled', 'must_change_password'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const rolesOf = (userId: number) =>
  t.db.selectFrom('user_roles').select(['role', 'community_id']).where('user_id', '=', userId).orderBy('id').execute();
const residentOfLogin = (userId: number) =>
  t.db.selectFrom('residents').select('id').where('user_id', '=', userId).executeTakeFirst();
const userIdOf = async (residentId: number) =>
  (await t.db.selectFrom('residents').select('user_id').where('id', '=', residentId).executeTakeFirstOrThrow())
    .user_id!;
const count = async (
  table: 'residents' | 'points_ledger' | 'points_adjustments' | 'shop_redemptions' | 'needs' | 'need_supports',
) =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const register = (cookie: string, communityId: number, phone: string, name = '登记人') =>
  call(cookie, 'POST', '/api/residents', { communityId, name, phone, birthDate: '1950-01-01' });

describe('C1: a resident registered on a role account’s phone', () => {
  it('community staff registering the center admin’s, another community’s staff’s or another community’s merchant’s phone get PHONE_TAKEN naming the account masked, and nothing is linked', async () => {
    const merchantB = await buildUser(t.deps, [{ role: 'merchant', merchantId: (await buildMerchant(t.deps, b)).id }]);
    for (const target of [admin, staffB, merchantB]) {
      const residentsBefore = await count('residents');
      const before = await loginOf(target.id);
      const answer = await register(staffACookie, a, target.phone);
      expect(answer.statusCode).toBe(409);
      expect(errorCode(answer)).toBe('PHONE_TAKEN');
      expect(answer.json().error.existingUser).toEqual({ id: target.id, nameMasked: expect.any(String) });
      expect(answer.json().error.existingUser.nameMasked).not.toBe(before.name);
      expect(await count('residents')).toBe(residentsBefore);
      expect(await residentOfLogin(target.id)).toBeUndefined();
      expect(await loginOf(target.id)).toEqual(before);
    }
  });

  it('links a login the actor may fully manage (a volunteer or merchant of their community), their own, and any for the center', async () => {
    const volunteerA = await buildUser(t.deps, [{ role: 'volunteer', communityId: a }]);
    const merchantA = await buildUser(t.deps, [{ role: 'merchant', merchantId: (await buildMerchant(t.deps, a)).id }]);
    const ownStaff = await buildStaff(t.deps, a);
    const staffC = await buildStaff(t.deps, b);
    for (const [cookie, login] of [
      [staffACookie, volunteerA],
      [staffACookie, merchantA],
      [await quickCookie(t, ownStaff.id), ownStaff],
      [centerCookie, staffC],
    ] as const) {
      const answer = await register(cookie, a, login.phone);
      expect(answer.statusCode).toBe(201);
      expect(answer.json()).toMatchObject({ linkedToExistingAccount: true });
      expect(await residentOfLogin(login.id)).toEqual({ id: answer.json().id });
    }
  });

  it('refuses community staff setting the password, phone or name of a resident whose login holds a role they could not grant (FORBIDDEN, nothing written); the contact phone stays theirs to change', async () => {
    // the center linked staff B's login to a resident of A (B's staff member lives in A)
    const linked = await register(centerCookie, a, staffB.phone, '两社区人');
    expect(linked.statusCode).toBe(201);
    const residentId = linked.json().id as number;
    const before = await loginOf(staffB.id);
    const attacks = [
      call(staffACookie, 'POST', `/api/residents/${residentId}/password`, { password: 'Str0ngPassw0rd!' }),
      call(staffACookie, 'PATCH', `/api/residents/${residentId}`, { phone: '13911112222' }),
      call(staffACookie, 'PATCH', `/api/residents/${residentId}`, { name: '改名' }),
    ];
    for (const answer of await Promise.all(attacks)) {
      expect(answer.statusCode).toBe(403);
      expect(errorCode(answer)).toBe('FORBIDDEN');
    }
    expect(await loginOf(staffB.id)).toEqual(before);
    const resident = await t.db
      .selectFrom('residents')
      .select('name')
      .where('id', '=', residentId)
      .executeTakeFirstOrThrow();
    expect(resident.name).toBe('两社区人');
    // the attacker cannot sign in with the password they tried to set
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: staffB.phone, password: 'Str0ngPassw0rd!' },
    });
    expect(login.statusCode).toBe(401);

    const contact = await call(staffACookie, 'PATCH', `/api/residents/${residentId}`, { contactPhone: '13800001111' });
    expect(contact.statusCode).toBe(204);
    // the center may
    const byCenter = await call(centerCookie, 'PATCH', `/api/residents/${residentId}`, { name: '两社区人二' });
    expect(byCenter.statusCode).toBe(204);
    expect((await loginOf(staffB.id)).name).toBe('两社区人二');
  });
});

describe('C2: adding roles to and resetting another community’s resident login', () => {
  it('refuses staff of A granting volunteer A to a resident login of B, then resetting or disabling it; nothing is written', async () => {
    const residentB = await buildResident(t.deps, { communityId: b, withLogin: true });
    const userId = await userIdOf(residentB.id);
    const before = await loginOf(userId);
    const grant = await call(staffACookie, 'POST', `/api/users/${userId}/roles`, {
      roles: [{ role: 'volunteer', communityId: a }],
    });
    expect(grant.statusCode).toBe(403);
    expect(grant.body).not.toContain('"roles"');
    expect(await rolesOf(userId)).toEqual([]);
    for (const path of ['reset-password', 'disable']) {
      const answer = await call(staffACookie, 'POST', `/api/users/${userId}/${path}`);
      expect([403, 404]).toContain(answer.statusCode);
    }
    expect(await loginOf(userId)).toEqual(before);
  });

  it('refuses staff of A resetting or disabling a volunteer of A who is a resident of B (the center made them volunteer)', async () => {
    const residentB = await buildResident(t.deps, { communityId: b, withLogin: true });
    const userId = await userIdOf(residentB.id);
    const granted = await call(centerCookie, 'POST', `/api/users/${userId}/roles`, {
      roles: [{ role: 'volunteer', communityId: a }],
    });
    expect(granted.statusCode).toBe(200);
    const before = await loginOf(userId);
    for (const path of ['reset-password', 'disable']) {
      const answer = await call(staffACookie, 'POST', `/api/users/${userId}/${path}`);
      expect(answer.statusCode).toBe(403);
    }
    const edit = await call(staffACookie, 'PATCH', `/api/users/${userId}`, { name: '改名' });
    expect(edit.statusCode).toBe(403);
    expect(await loginOf(userId)).toEqual(before);
    // the list staff of A work from shows them, but not as theirs to manage (no buttons that answer 403)
    const listed = (await call(staffACookie, 'GET', '/api/users')).json() as { id: number; manageable: boolean }[];
    expect(listed.find((u) => u.id === userId)).toMatchObject({ manageable: false });
    // staff of B, who serve the resident but cannot grant volunteer A, are refused as well; the center is not
    const staffBCookie = await quickCookie(t, staffB.id);
    expect((await call(staffBCookie, 'POST', `/api/users/${userId}/reset-password`)).statusCode).toBe(403);
    expect((await call(centerCookie, 'POST', `/api/users/${userId}/reset-password`)).statusCode).toBe(200);
  });

  it('still lets staff of A make a resident of A a volunteer of A, and then manage that login', async () => {
    const residentA = await buildResident(t.deps, { communityId: a, withLogin: true });
    const userId = await userIdOf(residentA.id);
    const grant = await call(staffACookie, 'POST', `/api/users/${userId}/roles`, {
      roles: [{ role: 'volunteer', communityId: a }],
    });
    expect(grant.statusCode).toBe(200);
    expect((await call(staffACookie, 'POST', `/api/users/${userId}/reset-password`)).statusCode).toBe(200);
    const listed = (await call(staffACookie, 'GET', '/api/users')).json() as { id: number; manageable: boolean }[];
    expect(listed.find((u) => u.id === userId)).toMatchObject({ manageable: true });
  });
});

describe('H2: staff who are also residents, at their own desk', () => {
  let self: { id: number; phone: string };
  let selfCookie: string;
  let selfResidentId: number;
  let rule: number;

  beforeAll(async () => {
    self = await buildStaff(t.deps, a);
    selfCookie = await quickCookie(t, self.id);
    const linked = await register(centerCookie, a, self.phone, '自己');
    expect(linked.statusCode).toBe(201);
    selfResidentId = linked.json().id;
    rule = (await buildPointsRules(t.deps, a, [{ code: 'HELP', name: '邻里互助', category: '志愿服务', points: 5 }]))
      .HELP;
    await fundResident(t.deps, selfResidentId, 100);
  });

  it('refuses awarding, redeeming, requesting an adjustment and 代点单 for themself (409 SELF_NOT_ALLOWED), writing nothing', async () => {
    const item = await buildShopItem(t.deps, a, { pointsPrice: 10 });
    const need = await call(centerCookie, 'POST', '/api/needs/on-behalf', {
      residentId: (await buildResident(t.deps, { communityId: a })).id,
      category: '其他',
      text: '需要帮忙修理门锁',
    });
    expect(need.statusCode).toBe(201);
    const tables = ['points_ledger', 'points_adjustments', 'shop_redemptions', 'needs', 'need_supports'] as const;
    const before = await Promise.all(tables.map(count));
    const answers = [
      await call(selfCookie, 'POST', '/api/points/awards', { residentId: selfResidentId, ruleId: rule }),
      await call(selfCookie, 'POST', '/api/shop/redemptions', {
        residentId: selfResidentId,
        lines: [{ itemId: item.id, quantity: 1 }],
      }),
      await call(selfCookie, 'POST', '/api/points/adjustments', {
        residentId: selfResidentId,
        delta: 50,
        reason: '补录',
      }),
      await call(selfCookie, 'POST', '/api/needs/on-behalf', {
        residentId: selfResidentId,
        category: '其他',
        text: '需要帮忙修理门锁',
      }),
      await call(selfCookie, 'POST', `/api/needs/${need.json().id}/support/on-behalf`, { residentId: selfResidentId }),
    ];
    expect(answers.map((r) => [r.statusCode, errorCode(r)])).toEqual(
      Array.from({ length: 5 }, () => [409, 'SELF_NOT_ALLOWED']),
    );
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('lets another staff member of the community award them, and their own self-service stays', async () => {
    const award = await call(staffACookie, 'POST', '/api/points/awards', { residentId: selfResidentId, ruleId: rule });
    expect(award.statusCode).toBe(201);
    const own = await call(selfCookie, 'POST', '/api/needs', {
      communityId: a,
      category: '其他',
      text: '楼道灯坏了请修理',
    });
    expect(own.statusCode).toBe(201);
  });
});

describe('M1: editing an account’s roles while another admin grants one', () => {
  it('15 volunteers of A: staff of A save [volunteer A] while the center grants community staff of B — a grant both answered is never lost (the race shows on PostgreSQL)', async () => {
    const volunteers = await Promise.all(
      Array.from({ length: 15 }, () => buildUser(t.deps, [{ role: 'volunteer', communityId: a }])),
    );
    const answers = await Promise.all(
      volunteers.map(async ({ id }) => {
        const [edit, grant] = await Promise.all([
          call(staffACookie, 'PATCH', `/api/users/${id}`, { roles: [{ role: 'volunteer', communityId: a }] }),
          call(centerCookie, 'POST', `/api/users/${id}/roles`, {
            roles: [{ role: 'community_staff', communityId: b }],
          }),
        ]);
        return { id, edit: edit.statusCode, grant: grant.statusCode };
      }),
    );
    expect(answers.filter((x) => x.edit >= 500 || x.grant >= 500)).toEqual([]);
    expect(answers.every((x) => x.grant === 200)).toBe(true);
    // an edit that came second saw community staff of B, which staff of A may not take away
    expect(answers.every((x) => x.edit === 204 || x.edit === 403)).toBe(true);
    // invariant in SQL: every grant the center was told it made is still held
    const lost = [];
    for (const { id } of answers) {
      const roles = await rolesOf(id);
      if (!roles.some((r) => r.role === 'community_staff' && r.community_id === b)) lost.push(id);
    }
    expect(lost).toEqual([]);
  });
});
