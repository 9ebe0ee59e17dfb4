import type { Response as LightMyRequestResponse } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountPasswordProblem } from '@zhongli/domain';
import { createTestApp, cookieHeader, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { onPostgres } from './support/database.js';
import { buildCenterAdmin, buildCommunity, buildStaff, buildUser } from './support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const as = (
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: object,
): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });

const userRow = (id: number) => t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = (id: number) =>
  t.db
    .selectFrom('audit_log')
    .select(['action', 'summary'])
    .where('target_type', '=', 'user')
    .where('target_id', '=', String(id))
    .orderBy('id')
    .execute();

/** Leaves `keep` as the only enabled center admins of the database (other tests of this file made more). */
async function onlyCenterAdmins(keep: number[]): Promise<void> {
  const admins = await t.db.selectFrom('user_roles').select('user_id').where('role', '=', 'center_admin').execute();
  const others = admins.map((a) => a.user_id).filter((id) => !keep.includes(id));
  if (others.length) await t.db.updateTable('users').set({ disabled: 1 }).where('id', 'in', others).execute();
}

describe('staff accounts: edit, disable, enable', () => {
  it('edits the name and roles of an account, audited in words', async () => {
    const a = await buildCommunity(t.deps);
    const b = await buildCommunity(t.deps);
    const admin = await buildCenterAdmin(t.deps);
    const staff = await buildStaff(t.deps, a.id);
    const cookie = await signIn(t.app, admin.phone);
    const edited = await as(cookie, 'PATCH', `/api/users/${staff.id}`, {
      name: '王晓红',
      roles: [{ role: 'community_staff', communityId: b.id }],
    });
    expect(edited.statusCode).toBe(204);
    const users = (await as(cookie, 'GET', '/api/users')).json() as { id: number; name: string; roles: unknown[] }[];
    expect(users.find((u) => u.id === staff.id)).toMatchObject({
      name: '王晓红',
      roles: [{ role: 'community_staff', communityId: b.id }],
    });
    const audit = await auditOf(staff.id);
    expect(audit.at(-1)).toMatchObject({ action: 'user.update' });
    expect(audit.at(-1)!.summary).toContain('社区工作人员');
    expect(audit.at(-1)!.summary).not.toContain('community_staff');
  });

  it('refuses an empty change and a bad role with 400 naming the field, writing nothing', async () => {
    const a = await buildCommunity(t.deps);
    const admin = await buildCenterAdmin(t.deps);
    const staff = await buildStaff(t.deps, a.id);
    const cookie = await signIn(t.app, admin.phone);
    const before = await userRow(staff.id);
    const empty = await as(cookie, 'PATCH', `/api/users/${staff.id}`, {});
    expect(empty.statusCode).toBe(400);
    const noCommunity = await as(cookie, 'PATCH', `/api/users/${staff.id}`, { roles: [{ role: 'community_staff' }] });
    expect(noCommunity.statusCode).toBe(400);
    expect(errorFields(noCommunity)).toContain('roles.0.communityId');
    expect(await userRow(staff.id)).toEqual(before);
    expect(await auditOf(staff.id)).toEqual([]);
  });

  it('lets community staff manage their volunteers but not a colleague, nor grant a staff role', async () => {
    const a = await buildCommunity(t.deps);
    const staff = await buildStaff(t.deps, a.id);
    const colleague = await buildStaff(t.deps, a.id);
    const volunteer = await buildUser(t.deps, [{ role: 'volunteer', communityId: a.id }]);
    const cookie = await signIn(t.app, staff.phone);
    expect((await as(cookie, 'POST', `/api/users/${volunteer.id}/disable`)).statusCode).toBe(204);
    expect((await as(cookie, 'POST', `/api/users/${colleague.id}/disable`)).statusCode).toBe(403);
    const promote = await as(cookie, 'PATCH', `/api/users/${volunteer.id}`, {
      roles: [{ role: 'community_staff', communityId: a.id }],
    });
    expect(promote.statusCode).toBe(403);
    expect((await userRow(colleague.id)).disabled).toBe(0);
  });

  it('a disabled account: its open session is refused ACCOUNT_DISABLED on the next request, sign-in too; enabling needs a new sign-in', async () => {
    const a = await buildCommunity(t.deps);
    const admin = await buildCenterAdmin(t.deps);
    const staff = await buildStaff(t.deps, a.id);
    const adminCookie = await signIn(t.app, admin.phone);
    const staffCookie = await signIn(t.app, staff.phone);
    expect((await as(staffCookie, 'GET', '/api/users')).statusCode).toBe(200);

    expect((await as(adminCookie, 'POST', `/api/users/${staff.id}/disable`)).statusCode).toBe(204);
    const refused = await as(staffCookie, 'GET', '/api/users');
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('ACCOUNT_DISABLED');
    expect(errorCode(await as(staffCookie, 'GET', '/api/me'))).toBe('ACCOUNT_DISABLED');
    const signInAgain = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: staff.phone, password: 'test-password-1' },
    });
    expect(errorCode(signInAgain)).toBe('ACCOUNT_DISABLED');

    expect((await as(adminCookie, 'POST', `/api/users/${staff.id}/enable`)).statusCode).toBe(204);
    // The cookie from before the disabling stays dead: enabling ended those sessions for good.
    expect(errorCode(await as(staffCookie, 'GET', '/api/me'))).toBe('UNAUTHENTICATED');
    expect((await as(await signIn(t.app, staff.phone), 'GET', '/api/me')).statusCode).toBe(200);
    expect((await auditOf(staff.id)).map((e) => e.action)).toEqual(['user.disable', 'user.enable']);
  });

  it('the center admin cannot disable themselves nor take away the last center admin', async () => {
    const admin = await buildCenterAdmin(t.deps);
    const other = await buildCenterAdmin(t.deps);
    await onlyCenterAdmins([admin.id, other.id]);
    const cookie = await signIn(t.app, admin.phone);
    const self = await as(cookie, 'POST', `/api/users/${admin.id}/disable`);
    expect(self.statusCode).toBe(409);
    expect(errorCode(self)).toBe('SELF_NOT_ALLOWED');
    expect((await as(cookie, 'POST', `/api/users/${other.id}/disable`)).statusCode).toBe(204);

    const community = await buildCommunity(t.deps);
    const demote = await as(cookie, 'PATCH', `/api/users/${admin.id}`, {
      roles: [{ role: 'community_staff', communityId: community.id }],
    });
    expect(demote.statusCode).toBe(409);
    expect(errorCode(demote)).toBe('LAST_CENTER_ADMIN');
    const roles = await t.db.selectFrom('user_roles').select('role').where('user_id', '=', admin.id).execute();
    expect(roles).toEqual([{ role: 'center_admin' }]);
    // With another admin back, giving up the role is allowed.
    expect((await as(cookie, 'POST', `/api/users/${other.id}/enable`)).statusCode).toBe(204);
    expect(
      (
        await as(cookie, 'PATCH', `/api/users/${admin.id}`, {
          roles: [{ role: 'community_staff', communityId: community.id }],
        })
      ).statusCode,
    ).toBe(204);
  });

  it(`${onPostgres ? 'PostgreSQL: ' : ''}five center admins disabling each other at once leave one enabled`, async () => {
    const admins = await Promise.all([1, 2, 3, 4, 5].map(() => buildCenterAdmin(t.deps)));
    await onlyCenterAdmins(admins.map((a) => a.id));
    const cookies = await Promise.all(admins.map((a) => signIn(t.app, a.phone)));
    const answers = await Promise.all(
      admins.map((_, i) => as(cookies[i]!, 'POST', `/api/users/${admins[(i + 1) % admins.length]!.id}/disable`)),
    );
    const enabled = await t.db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select('users.id')
      .where('user_roles.role', '=', 'center_admin')
      .where('users.disabled', '=', 0)
      .execute();
    expect(enabled).toHaveLength(1);
    const codes = answers.map((r) => (r.statusCode === 204 ? 'ok' : errorCode(r)));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(4);
    // The one refused is LAST_CENTER_ADMIN, or ACCOUNT_DISABLED when its own admin was disabled first.
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'LAST_CENTER_ADMIN' || c === 'ACCOUNT_DISABLED')).toBe(
      true,
    );
  });
});

describe('staff accounts: reset a password', () => {
  it('answers a temporary password once, ends every session, and the account must change it before anything else', async () => {
    const a = await buildCommunity(t.deps);
    const admin = await buildCenterAdmin(t.deps);
    const staff = await buildStaff(t.deps, a.id);
    const adminCookie = await signIn(t.app, admin.phone);
    const oldCookie = await signIn(t.app, staff.phone);

    const reset = await as(adminCookie, 'POST', `/api/users/${staff.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const { temporaryPassword } = reset.json() as { temporaryPassword: string };
    expect(accountPasswordProblem(temporaryPassword, { phone: staff.phone, staff: true })).toBeUndefined();
    expect((await userRow(staff.id)).password_hash).not.toContain(temporaryPassword);
    expect(errorCode(await as(oldCookie, 'GET', '/api/me'))).toBe('UNAUTHENTICATED');
    const listed = (await as(adminCookie, 'GET', '/api/users')).json() as { id: number; mustChangePassword: boolean }[];
    expect(listed.find((u) => u.id === staff.id)?.mustChangePassword).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(temporaryPassword);

    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: staff.phone, password: temporaryPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.mustChangePassword).toBe(true);
    const cookie = cookieHeader(login);
    expect((await as(cookie, 'GET', '/api/me')).json()).toMatchObject({ mustChangePassword: true });
    for (const [method, url] of [
      ['GET', '/api/users'],
      ['GET', `/api/communities/${a.id}/venues`],
      ['GET', '/api/public/center'],
    ] as const) {
      const refused = await as(cookie, method, url);
      expect(refused.statusCode, url).toBe(403);
      expect(errorCode(refused), url).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    const venue = await as(cookie, 'POST', `/api/communities/${a.id}/venues`, { name: '偷建的场地' });
    expect(errorCode(venue)).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await t.db.selectFrom('venues').select('id').where('name', '=', '偷建的场地').execute()).toEqual([]);

    const changed = await as(cookie, 'POST', '/api/auth/password', {
      currentPassword: temporaryPassword,
      newPassword: 'my-own-password-7',
    });
    expect(changed.statusCode).toBe(204);
    expect((await as(cookie, 'GET', '/api/users')).statusCode).toBe(200);
    expect((await as(cookie, 'GET', '/api/me')).json()).toMatchObject({ mustChangePassword: false });
    expect((await auditOf(staff.id)).map((e) => e.action)).toEqual(['user.reset_password']);
  });

  it('refuses resetting your own password (change it instead) and an unknown account', async () => {
    const admin = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, admin.phone);
    expect(errorCode(await as(cookie, 'POST', `/api/users/${admin.id}/reset-password`))).toBe('SELF_NOT_ALLOWED');
    expect((await as(cookie, 'POST', '/api/users/987654/reset-password')).statusCode).toBe(404);
    expect((await userRow(admin.id)).must_change_password).toBe(0);
  });
});
