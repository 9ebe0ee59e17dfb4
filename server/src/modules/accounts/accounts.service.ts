import {
  accountPasswordProblem,
  ADDRESS_THROTTLE,
  AppError,
  decideAttempt,
  KNOWN_DEVICE_THROTTLE,
  normalizePhone,
  PASSWORD_MESSAGES,
  PHONE_THROTTLE,
  type TChangePassword,
  type ThrottlePolicy,
  type TLogin,
  maskName,
  ROLE_LABELS,
  type TUserCreate,
  type TUserUpdate,
  type TUserRolesGrant,
} from '@zhongli/domain';
import { randomBytes } from 'node:crypto';
import { isCenterAdmin, staffCommunityIds, type Actor, type RoleGrant } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity } from '../communities/index.js';
import { findMerchant } from '../merchants/index.js';
import * as repo from './accounts.repository.js';
import { canGrantRole, canManageLogin as mayManageLogin } from './accounts.policy.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import {
  actorForUser,
  deviceHashOf,
  forgetCachedSessions,
  KNOWN_DEVICE_TTL_MS,
  newDeviceId,
  newSessionToken,
  SESSION_TTL_MS,
} from './sessions.js';

/**
 * Phone and password in, a session out. Every attempt is counted before the password is checked (reserve,
 * then check): concurrent guesses each take a place in the counter, so no more of them reach argon2 than the
 * throttle allows; a success gives its place back. From a device that signed in to this account before, the
 * attempt is counted on that device alone — strangers' guesses at the phone, or at the desk's shared
 * address, do not keep the owner out. Otherwise it is counted on the client address and on the phone.
 * `deviceId` is the known-device cookie's value; the answer's `deviceId` is the one to set (new or the same).
 */
export async function signIn({
  deps,
  credentials,
  address,
  deviceId,
}: {
  deps: AppDeps;
  credentials: TLogin;
  address: string;
  deviceId: string | undefined;
}) {
  const now = deps.clock.now();
  const phone = normalizePhone(credentials.phone) ?? credentials.phone.trim();
  const user = await repo.findUserByPhone(deps.db, phone);
  const deviceHash = deviceId ? deviceHashOf(deviceId) : undefined;
  const known = user && deviceHash ? await repo.isKnownDevice(deps.db, user.id, deviceHash) : false;
  const counters: Counter[] =
    known && user
      ? [{ key: `device:${user.id}:${deviceHash}`, policy: KNOWN_DEVICE_THROTTLE }]
      : [
          { key: `ip:${address}`, policy: ADDRESS_THROTTLE },
          { key: `phone:${phone}`, policy: PHONE_THROTTLE },
        ];
  await reserveAttempts(deps.db, counters, now);

  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), credentials.password);
  if (!user || !user.password_hash || !passwordOk) throw new AppError('INVALID_CREDENTIALS');
  // Said only to whoever knows the password: a stranger learns nothing about the account.
  if (user.disabled) throw new AppError('ACCOUNT_DISABLED');

  for (const { key } of counters) await repo.releaseThrottle(deps.db, key);
  const signedInDevice = deviceId ?? newDeviceId();
  await repo.rememberDevice(deps.db, user.id, deviceHashOf(signedInDevice), now.toISOString());
  const token = await openSession(deps, user.id);
  return { token, deviceId: signedInDevice, actor: await actorForUser(deps.db, user) };
}

interface Counter {
  key: string;
  policy: ThrottlePolicy;
}

/**
 * Counts one attempt on each counter, or refuses with RATE_LIMITED and how long to wait. Each count is a
 * compare-and-set on the counter's version, so two requests cannot both take the last free place — the one
 * that loses reads the counter again. When a later counter refuses, the earlier ones are given back.
 */
async function reserveAttempts(db: Db, counters: Counter[], now: Date): Promise<void> {
  const reserved: string[] = [];
  for (const { key, policy } of counters) {
    const refusal = await reserveAttempt(db, key, policy, now);
    if (refusal) {
      for (const done of reserved) await repo.releaseThrottle(db, done);
      throw new AppError('RATE_LIMITED', { extra: { retryAfterSeconds: Math.ceil(refusal.retryAfterMs / 1000) } });
    }
    reserved.push(key);
  }
}

async function reserveAttempt(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
  now: Date,
): Promise<{ retryAfterMs: number } | undefined> {
  const at = now.toISOString();
  for (;;) {
    const row = await repo.findThrottle(db, key);
    const decision = decideAttempt(
      row && { failures: row.failures, lastAttemptAt: Date.parse(row.last_attempt_at) },
      now.getTime(),
      policy,
    );
    if (!decision.allowed) return { retryAfterMs: decision.retryAfterMs };
    const counted = row
      ? await repo.advanceThrottle(db, key, row.version, decision.failures, at)
      : await repo.insertThrottle(db, key, decision.failures, at);
    if (counted) return undefined;
  }
}

/**
 * A new session for a user; its token is the cookie's value (signed by the app). Sign-in opens one after checking
 * the password; tests that need hundreds of signed-in residents open one directly, without argon2.
 */
export async function openSession(deps: Pick<AppDeps, 'db' | 'clock'>, userId: number): Promise<string> {
  const now = deps.clock.now();
  const { token, id } = newSessionToken();
  await repo.insertSession(deps.db, {
    id,
    userId,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  // Signing in is opening the app (待电话通知 counts it), and the requests that follow need not write again.
  await repo.markUserSeen(deps.db, userId, now.toISOString(), now.toISOString());
  return token;
}

export async function signOut({ deps, sessionId }: { deps: AppDeps; sessionId: string }) {
  await repo.deleteSession(deps.db, sessionId);
  forgetCachedSessions(deps);
}

/** Changing a password signs out every other device, in case the old one leaked. */
export async function changePassword({
  deps,
  actor,
  sessionId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  sessionId: string;
  data: TChangePassword;
}) {
  const grade = await checkNewPassword(deps.db, {
    password: data.newPassword,
    userId: actor.userId,
    field: 'newPassword',
  });
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, data.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', { details: [{ field: 'currentPassword', message: '原密码不正确' }] });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await deps.db
    .transaction()
    .execute((trx) =>
      setLoginPassword(trx, deps, { userId: actor.userId, passwordHash, keepSessionId: sessionId, ...grade }),
    );
  forgetCachedSessions(deps);
}

export async function createUser({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TUserCreate }) {
  await checkGrants(deps.db, actor, data.roles);
  // One phone, one account: point at the account the phone already signs in to, so the console can
  // offer to add the roles to it (POST /api/users/:id/roles). The name is masked: a phone number
  // alone must not reveal who holds it. The unique key on the phone stays the real guarantee.
  const existing = await repo.findUserByPhone(deps.db, data.phone);
  if (existing) {
    throw new AppError('PHONE_TAKEN', {
      details: [{ field: 'phone', message: '该手机号已有账号，可以为该账号添加角色' }],
      extra: { existingUser: { id: existing.id, nameMasked: maskName(existing.name) } },
    });
  }
  const passwordHash = await hashPassword(data.password);
  return await deps.db.transaction().execute(async (trx) => {
    const id = await createLogin(trx, deps, { name: data.name, phone: data.phone, passwordHash, roles: data.roles });
    await recordAudit(trx, deps, actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      communityId: data.roles.find((r) => r.communityId)?.communityId ?? null,
      summary: `创建账号 ${data.name}（${data.roles.map((r) => ROLE_LABELS[r.role]).join('、')}）`,
    });
    return { id };
  });
}

/**
 * Adds roles to an existing account (a resident who also volunteers as a barber keeps one login).
 * The same checks as creating an account with those roles, and the actor must manage the account itself
 * (`canManageLogin`): otherwise staff could make any resident's login their volunteer and then reset its
 * password. A grant already held is kept once.
 * A resident's login getting its first role chose its password under the residents' rule only, and the
 * hash cannot tell whether it would pass the roles' stricter one: it must set a new password before
 * anything else (its open sessions included), so no role's powers hang on a resident-grade password.
 */
export async function grantRoles({
  deps,
  actor,
  userId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  userId: number;
  data: TUserRolesGrant;
}) {
  const granted = await deps.db.transaction().execute(async (trx) => {
    const user = await repo.lockUser(trx, userId);
    if (!user) throw new AppError('NOT_FOUND');
    await checkGrants(trx, actor, data.roles);
    const held = await repo.findRoles(trx, userId);
    if (!mayManageLogin(actor, await loginScope(trx, userId, held))) throw new AppError('FORBIDDEN');
    const firstRole = !!user.password_hash && held.length === 0;
    await repo.insertMissingRoles(trx, userId, data.roles);
    if (firstRole) await repo.requireNewPasswordForRole(trx, userId);
    await recordAudit(trx, deps, actor, {
      action: 'user.roles_grant',
      targetType: 'user',
      targetId: userId,
      communityId: data.roles.find((r) => r.communityId)?.communityId ?? null,
      summary: `为账号 ${user.name} 添加角色（${data.roles.map((r) => ROLE_LABELS[r.role]).join('、')}）${firstRole ? '，须设置新密码' : ''}`,
    });
    return { id: userId, roles: await repo.findRoles(trx, userId) };
  });
  forgetCachedSessions(deps);
  return granted;
}

async function checkGrants(db: Db | Trx, actor: Actor, roles: TUserRolesGrant['roles']): Promise<void> {
  for (const [index, grant] of roles.entries()) {
    const merchantCommunityId = grant.merchantId ? await merchantCommunity(db, grant.merchantId, index) : undefined;
    if (grant.communityId && !(await findCommunity(db, grant.communityId))) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: `roles.${index}.communityId`, message: '社区不存在' }],
      });
    }
    if (!canGrantRole(actor, grant, merchantCommunityId)) throw new AppError('FORBIDDEN');
  }
}

async function merchantCommunity(db: Db | Trx, merchantId: number, index: number): Promise<number> {
  const merchant = await findMerchant(db, merchantId);
  if (!merchant)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: `roles.${index}.merchantId`, message: '商户不存在' }],
    });
  return merchant.community_id;
}

/**
 * Name and roles of an account. Whoever edits must be allowed to grant both the roles it has and the roles
 * it gets (community staff manage only their volunteers and merchants); the last enabled center admin keeps
 * the role. The roles are checked and replaced under the user row's lock: a role another admin grants
 * meanwhile is either seen by the check or granted after the replacement, never silently deleted.
 */
export async function updateUser({
  deps,
  actor,
  userId,
  data,
}: {
  deps: AppDeps;
  actor: Actor;
  userId: number;
  data: TUserUpdate;
}) {
  const staysAdmin = !data.roles || data.roles.some((r) => r.role === 'center_admin');
  await deps.db.transaction().execute(async (trx) => {
    if (!staysAdmin) await repo.lockEnabledCenterAdmins(trx);
    const target = await managedUser(trx, actor, userId);
    if (data.roles) {
      await checkGrants(trx, actor, data.roles);
      if (!staysAdmin) await keepOneCenterAdmin(trx, userId);
      await repo.replaceRoles(trx, userId, data.roles);
    }
    if (data.name !== undefined) await repo.updateUserName(trx, userId, data.name);
    const changes = [
      data.name !== undefined && data.name !== target.name ? `姓名 ${target.name} → ${data.name}` : null,
      data.roles ? `角色：${data.roles.map((r) => ROLE_LABELS[r.role]).join('、')}` : null,
    ].filter(Boolean);
    await recordAudit(trx, deps, actor, {
      action: 'user.update',
      targetType: 'user',
      targetId: userId,
      communityId: communityOfRoles(data.roles ?? target.roles),
      summary: `修改账号 ${data.name ?? target.name}${changes.length ? `（${changes.join('；')}）` : ''}`,
    });
  });
  forgetCachedSessions(deps);
}

/**
 * Disabling ends the account's sessions at once: every request reads the account with its session, so the
 * next one is refused ACCOUNT_DISABLED. Enabling deletes those old sessions, so a cookie from before the
 * disabling does not come back to life; the person signs in again.
 */
export async function setUserDisabled({
  deps,
  actor,
  userId,
  disabled,
}: {
  deps: AppDeps;
  actor: Actor;
  userId: number;
  disabled: boolean;
}) {
  if (userId === actor.userId) throw new AppError('SELF_NOT_ALLOWED');
  await deps.db.transaction().execute(async (trx) => {
    if (disabled) await repo.lockEnabledCenterAdmins(trx);
    const target = await managedUser(trx, actor, userId);
    if (disabled) await keepOneCenterAdmin(trx, userId);
    if (!(await repo.setDisabled(trx, userId, disabled))) return;
    if (!disabled) await repo.deleteOtherSessions(trx, userId, null);
    await recordAudit(trx, deps, actor, {
      action: disabled ? 'user.disable' : 'user.enable',
      targetType: 'user',
      targetId: userId,
      communityId: communityOfRoles(target.roles),
      summary: `${disabled ? '停用' : '启用'}账号 ${target.name}`,
    });
  });
  forgetCachedSessions(deps);
}

/**
 * A temporary password, answered once and kept only as its hash. Every session of the account ends (the
 * old password may be why), and until its owner sets their own the account can do nothing else.
 */
export async function resetUserPassword({ deps, actor, userId }: { deps: AppDeps; actor: Actor; userId: number }) {
  if (userId === actor.userId) throw new AppError('SELF_NOT_ALLOWED');
  // Checked before argon2 (a refusal costs nothing) and again under the lock, in case the roles changed meanwhile.
  const { phone } = await managedUser(deps.db, actor, userId);
  const temporaryPassword = temporaryPasswordFor(phone);
  const passwordHash = await hashPassword(temporaryPassword);
  await deps.db.transaction().execute(async (trx) => {
    const target = await managedUser(trx, actor, userId);
    await repo.updatePasswordHash(trx, userId, passwordHash, deps.clock.now().toISOString(), { temporary: true });
    await repo.deleteOtherSessions(trx, userId, null);
    await recordAudit(trx, deps, actor, {
      action: 'user.reset_password',
      targetType: 'user',
      targetId: userId,
      communityId: communityOfRoles(target.roles),
      summary: `重置账号 ${target.name} 的密码（临时密码，登录后须修改）`,
    });
  });
  forgetCachedSessions(deps);
  return { temporaryPassword };
}

/** Unambiguous letters and digits (no 0/O, 1/l/I), four groups of four: easy to read out at a desk. */
const TEMPORARY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function temporaryPasswordFor(phone: string): string {
  for (;;) {
    const bytes = randomBytes(16);
    const chars = [...bytes].map((b) => TEMPORARY_ALPHABET[b % TEMPORARY_ALPHABET.length]);
    const password = [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
    // The staff rule holds for almost every draw; a draw it refuses (say, no digit) is simply drawn again.
    if (!accountPasswordProblem(password, { phone, staff: true })) return password;
  }
}

/**
 * An account with roles, if the actor may manage it (`canManageLogin`). Inside a transaction the user row is
 * locked first, so the roles checked are the roles the write that follows sees. A resident's own login (no
 * role) is not managed here: its community's desk manages it from the resident's record.
 */
async function managedUser(db: Db | Trx, actor: Actor, userId: number) {
  const user = await repo.lockUser(db, userId);
  if (!user) throw new AppError('NOT_FOUND');
  const roles = await repo.findRoles(db, userId);
  if (!roles.length) throw new AppError('NOT_FOUND');
  if (!mayManageLogin(actor, await loginScope(db, userId, roles))) throw new AppError('FORBIDDEN');
  return { ...user, roles };
}

/** What `canManageLogin` weighs: each grant with its merchant's community, and the resident record's community. */
async function loginScope(db: Db | Trx, userId: number, roles: RoleGrant[]) {
  const grants = [];
  for (const grant of roles) {
    const merchantCommunityId = grant.merchantId ? (await findMerchant(db, grant.merchantId))?.community_id : undefined;
    grants.push({ grant, merchantCommunityId });
  }
  const resident = await repo.findResidentOfUser(db, userId);
  return { grants, residentCommunityId: resident?.community_id ?? null };
}

/**
 * Refuses, inside the transaction, to take away the last enabled center admin. A write that may take one away
 * locks the enabled center admins (`lockEnabledCenterAdmins`) before the account's own row (`managedUser`):
 * taken the other way round, two admins disabling each other at once would each hold the row the other waits
 * for.
 */
async function keepOneCenterAdmin(trx: Trx, userId: number): Promise<void> {
  const admins = await repo.lockEnabledCenterAdmins(trx);
  if (admins.includes(userId) && admins.length <= 1) throw new AppError('LAST_CENTER_ADMIN');
}

function communityOfRoles(roles: RoleGrant[]): number | null {
  return roles.find((r) => r.communityId)?.communityId ?? null;
}

/**
 * The accounts in the actor's scope, and which of them the actor may manage: a volunteer of the actor's
 * community who lives in another one is listed (they serve here) but is managed by their own community.
 */
export async function listUsers({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  const rows = await repo.listUsersWithRoles(deps.db, { communityIds: staffCommunityIds(actor) });
  const manageable = new Set<number>();
  for (const id of new Set(rows.map((r) => r.id))) if (await canManageLogin(deps.db, actor, id)) manageable.add(id);
  return { rows, manageable };
}

// Logins for the rest of the platform ------------------------------------------------------------

/**
 * The password rule (domain's `accountPasswordProblem`) for a login's new password: against its own phone and,
 * when it has a role, the staff minimum — or, for a login not created yet, against `phone`. A problem is a
 * 400 VALIDATION_FAILED naming `field`. Forms check what they know first; this is the check that knows the
 * account.
 */
export async function checkNewPassword(
  db: Db | Trx,
  { password, userId, phone, field }: { password: string; userId?: number | null; phone?: string; field: string },
): Promise<PasswordGrade> {
  const user = userId != null ? await repo.findUserById(db, userId) : undefined;
  const staff = user ? (await repo.findRoles(db, user.id)).length > 0 : false;
  const problem = accountPasswordProblem(password, { phone: user?.phone ?? phone, staff });
  if (problem) throw new AppError('VALIDATION_FAILED', { details: [{ field, message: problem }] });
  const residentGrade = !staff && !!accountPasswordProblem(password, { phone: user?.phone ?? phone, staff: true });
  return { residentGrade, field };
}

/**
 * What `setLoginPassword` must know of a checked password: whether it meets only the residents' rule (then a
 * role granted meanwhile refuses it), and the form field to name when it does.
 */
export type PasswordGrade = { residentGrade: boolean; field: string };

/**
 * The account a phone signs in to, and whether it already carries a resident record: registering a
 * resident whose phone a volunteer or staff account uses links the record to that account. The name comes
 * masked, for a refusal to point at the account without saying whose it is.
 */
export async function findLoginByPhone(db: Db | Trx, phone: string) {
  const user = await repo.findUserByPhone(db, phone);
  if (!user) return undefined;
  return {
    id: user.id,
    nameMasked: maskName(user.name),
    hasResident: (await repo.findResidentOfUser(db, user.id)) != null,
  };
}

/** `findLoginByPhone` for many phones at once (an import checks a whole sheet): phone → login. */
export async function findLoginsByPhones(
  db: Db | Trx,
  phones: string[],
): Promise<Map<string, { id: number; nameMasked: string; hasResident: boolean }>> {
  const logins = new Map<string, { id: number; nameMasked: string; hasResident: boolean }>();
  for (let start = 0; start < phones.length; start += 500) {
    for (const user of await repo.findUsersByPhones(db, phones.slice(start, start + 500))) {
      logins.set(user.phone, { id: user.id, nameMasked: maskName(user.name), hasResident: user.resident_id != null });
    }
  }
  return logins;
}

/**
 * Whether the actor may fully manage a login — its password, phone and name — as the accounts policy's
 * `canManageLogin` says: grant every role it holds and serve its resident's community. Residents ask it before
 * linking a registration to an existing login; a friendly early answer, `ensureCanManageLogin` decides.
 */
export async function canManageLogin(db: Db | Trx, actor: Actor, userId: number): Promise<boolean> {
  // the center manages every login (the policy's first rule): reading the login's scope would change nothing,
  // and the center's account list asks this for every account
  if (isCenterAdmin(actor)) return true;
  return mayManageLogin(actor, await loginScope(db, userId, await repo.findRoles(db, userId)));
}

/**
 * Inside the caller's transaction, before it changes a login's password, phone or name for someone else: locks
 * the user row (so no role can be granted between this check and the change) and refuses FORBIDDEN unless the
 * actor may manage the login.
 */
export async function ensureCanManageLogin(trx: Trx, actor: Actor, userId: number): Promise<void> {
  if (!(await repo.lockUser(trx, userId))) throw new AppError('NOT_FOUND');
  if (!(await canManageLogin(trx, actor, userId))) throw new AppError('FORBIDDEN');
}

/** Whether a phone already signs in to an account: a friendly pre-check; the unique key on the phone decides. */
export async function isPhoneTaken(db: Db | Trx, phone: string): Promise<boolean> {
  return (await repo.findUserByPhone(db, phone)) != null;
}

/**
 * A new login (an account with a phone), inside the caller's transaction: a resident's own login, an account
 * staff create, the center admin, the demo's. The password arrives hashed (`hashPassword`, before the
 * transaction opens: argon2 takes a while, and the transaction should not wait for it); without one the
 * account cannot sign in until a password is set. A phone already taken meets the unique key (PHONE_TAKEN).
 */
export async function createLogin(
  trx: Trx,
  deps: Pick<AppDeps, 'clock'>,
  login: { name: string; phone: string; passwordHash: string | null; roles?: RoleGrant[] },
): Promise<number> {
  const id = await repo.insertUser(trx, {
    name: login.name,
    phone: login.phone,
    passwordHash: login.passwordHash,
    createdAt: deps.clock.now().toISOString(),
  });
  await repo.insertRoles(trx, id, login.roles ?? []);
  return id;
}

/**
 * A login's new password, inside the caller's transaction, graded by `checkNewPassword`. Every device signed in
 * to it is signed out, in case the old password leaked — except `keepSessionId`, the one that changed it. A
 * resident-grade password for a login that was given a role since it was checked is refused with the roles' rule.
 */
export async function setLoginPassword(
  trx: Trx,
  deps: Pick<AppDeps, 'clock'>,
  change: { userId: number; passwordHash: string; keepSessionId?: string } & PasswordGrade,
): Promise<void> {
  const at = deps.clock.now().toISOString();
  if (!(await repo.updatePasswordHash(trx, change.userId, change.passwordHash, at, change))) {
    throw new AppError('VALIDATION_FAILED', { details: [{ field: change.field, message: PASSWORD_MESSAGES.STAFF }] });
  }
  await repo.deleteOtherSessions(trx, change.userId, change.keepSessionId ?? null);
  // Here, before the commit, for every caller; the callers with the whole deps forget again after it
  // (the residents module's password change: a lookup racing the commit on PostgreSQL keeps the bound).
  forgetCachedSessions(deps);
}

/**
 * A login's name and phone, inside the caller's transaction: the desk corrects a resident's record and
 * their own login follows (the phone is what they sign in with).
 */
export async function setLoginProfile(trx: Trx, userId: number, change: { name?: string; phone?: string }) {
  if (change.name !== undefined) await repo.updateUserName(trx, userId, change.name);
  if (change.phone !== undefined) await repo.updateUserPhone(trx, userId, change.phone);
}

/**
 * The center admin named on first start (ADMIN_PHONE and ADMIN_PASSWORD), with its audit entry. A phone that
 * already has an account is left as it is — a restart with another password changes nothing. A password the
 * staff rule refuses stops the start with the reason.
 */
export async function ensureCenterAdmin({
  deps,
  phone,
  password,
}: {
  deps: AppDeps;
  phone: string;
  password: string;
}): Promise<boolean> {
  if (await isPhoneTaken(deps.db, phone)) return false;
  // Checked only when the account is created: a restart of an older installation is not stopped by it.
  const problem = accountPasswordProblem(password, { phone, staff: true });
  if (problem) throw new Error(`ADMIN_PASSWORD is refused: ${problem}`);
  const passwordHash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    const id = await createLogin(trx, deps, {
      name: '中心管理员',
      phone,
      passwordHash,
      roles: [{ role: 'center_admin' }],
    });
    await recordAudit(trx, deps, null, {
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      summary: '按 ADMIN_PHONE 创建中心管理员',
    });
  });
  return true;
}

/**
 * Expired sessions, throttle counters past the longest quiet spell and devices unused for a year are only ever
 * filtered out; the hourly sweep deletes them.
 */
export async function sweepSignIns(deps: AppDeps): Promise<void> {
  const now = deps.clock.now().getTime();
  const forgetAfterMs = Math.max(
    ...[PHONE_THROTTLE, ADDRESS_THROTTLE, KNOWN_DEVICE_THROTTLE].map((p) => p.forgetAfterMs),
  );
  await repo.deleteExpiredSessions(deps.db, new Date(now).toISOString());
  await repo.deleteThrottlesBefore(deps.db, new Date(now - forgetAfterMs).toISOString());
  await repo.deleteDevicesUnusedSince(deps.db, new Date(now - KNOWN_DEVICE_TTL_MS).toISOString());
}
