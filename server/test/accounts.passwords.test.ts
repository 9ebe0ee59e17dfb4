import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_MESSAGES as M } from '@zhongli/domain';
import { ensureCenterAdmin } from '../src/modules/accounts/index.js';
import { createTestApp, errorCode, signIn, TEST_PASSWORD, type TestApp } from './support/app.js';
import { buildCenterAdmin, buildCommunity, buildResident, buildStaff } from './support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const problemOf = (response: { json(): unknown }) =>
  (response.json() as { error: { details?: { field: string; message: string }[] } }).error.details?.[0];

const usersWithPhone = async (phone: string) =>
  (await t.db.selectFrom('users').select('id').where('phone', '=', phone).execute()).length;

describe('the password rule, everywhere a password is set', () => {
  it('refuses common and trivial passwords and the phone for a new center admin, naming the field; nothing is written', async () => {
    const admin = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, admin.phone);
    const phone = '13700001111';
    const create = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie },
        payload: { name: '新管理员', phone, password, roles: [{ role: 'center_admin' }] },
      });
    for (const [password, message] of [
      ['12345678', M.SEQUENCE],
      ['password', M.COMMON],
      ['        ', M.BLANK],
      ['\u0000'.repeat(8), M.CONTROL],
      [phone, M.PHONE],
      ['tongche26', M.STAFF],
      ['abcdefghjkmn', M.STAFF],
    ]) {
      const response = await create(password!);
      expect(response.statusCode, password).toBe(400);
      expect(errorCode(response)).toBe('VALIDATION_FAILED');
      expect(problemOf(response)).toEqual({ field: 'password', message });
    }
    expect(await usersWithPhone(phone)).toBe(0);
    expect((await create('冬日暖阳照门口-2026')).statusCode).toBe(201);
  });

  it('holds a staff member changing their own password to the staff rule and a resident to the general one', async () => {
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const change = async (phone: string, newPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: await signIn(t.app, phone) },
        payload: { currentPassword: TEST_PASSWORD, newPassword },
      });
    const hashOf = async (phone: string) =>
      (await t.db.selectFrom('users').select('password_hash').where('phone', '=', phone).executeTakeFirstOrThrow())
        .password_hash;

    const staffHash = await hashOf(staff.phone);
    const weakStaff = await change(staff.phone, 'tongche26');
    expect(weakStaff.statusCode).toBe(400);
    expect(problemOf(weakStaff)).toEqual({ field: 'newPassword', message: M.STAFF });
    const ownPhone = await change(staff.phone, `zl-${staff.phone}-home`);
    expect(problemOf(ownPhone)).toEqual({ field: 'newPassword', message: M.PHONE });
    const common = await change(staff.phone, 'qwertyuiop');
    expect(problemOf(common)).toEqual({ field: 'newPassword', message: M.COMMON });
    expect(await hashOf(staff.phone)).toBe(staffHash);

    const residentsOwnPhone = await change(resident.phone!, resident.phone!);
    expect(problemOf(residentsOwnPhone)).toEqual({ field: 'newPassword', message: M.PHONE });
    expect((await change(resident.phone!, 'tongche26')).statusCode).toBe(204);
  });

  it("checks a password the desk sets against the login's own phone and roles: a resident who volunteers gets the staff rule", async () => {
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const cookie = await signIn(t.app, staff.phone);
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const volunteer = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    const volunteerUser = await t.db
      .selectFrom('users')
      .select('id')
      .where('phone', '=', volunteer.phone!)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('user_roles')
      .values({ user_id: volunteerUser.id, role: 'volunteer', community_id: community.id, merchant_id: null })
      .execute();
    const setPassword = (residentId: number, password: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/residents/${residentId}/password`,
        headers: { cookie },
        payload: { password },
      });

    const ownPhone = await setPassword(resident.id, `${resident.phone}`);
    expect(ownPhone.statusCode).toBe(400);
    expect(problemOf(ownPhone)).toEqual({ field: 'password', message: M.PHONE });
    expect((await setPassword(resident.id, 'tongche26')).statusCode).toBe(204);
    const weakVolunteer = await setPassword(volunteer.id, 'tongche26');
    expect(weakVolunteer.statusCode).toBe(400);
    expect(problemOf(weakVolunteer)).toEqual({ field: 'password', message: M.STAFF });
    expect((await setPassword(volunteer.id, 'tongcheng2026')).statusCode).toBe(204);
  });

  it('refuses a resident registered with their own phone as password', async () => {
    const community = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, community.id);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/residents',
      headers: { cookie: await signIn(t.app, staff.phone) },
      payload: {
        name: '钱桂兰',
        communityId: community.id,
        phone: '13655551234',
        birthDate: '1950-01-01',
        password: '13655551234',
      },
    });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)).toEqual({ field: 'password', message: M.PHONE });
    expect(await usersWithPhone('13655551234')).toBe(0);
  });

  it('stops the start on a weak ADMIN_PASSWORD for a new admin, and leaves an existing admin alone', async () => {
    await expect(ensureCenterAdmin({ deps: t.deps, phone: '13700002222', password: 'admin123' })).rejects.toThrow(
      `ADMIN_PASSWORD is refused: ${M.COMMON}`,
    );
    await expect(ensureCenterAdmin({ deps: t.deps, phone: '13700002222', password: 'adminpassword' })).rejects.toThrow(
      M.STAFF,
    );
    expect(await usersWithPhone('13700002222')).toBe(0);
    expect(await ensureCenterAdmin({ deps: t.deps, phone: '13700002222', password: 'admin-pass-2026' })).toBe(true);
    expect(await ensureCenterAdmin({ deps: t.deps, phone: '13700002222', password: 'weak' })).toBe(false);
  });
});
