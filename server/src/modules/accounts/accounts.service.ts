import { AppError, normalizePhone, type TChangePassword, type TLogin, type TUserCreate } from '@zhongli/domain';
import { staffCommunityIds, type Actor, type RoleGrant } from '../../platform/actor.js';
import type { AppDeps, Db, Trx } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
import { findCommunity } from '../communities/index.js';
import { findMerchant } from '../merchants/index.js';
import * as repo from './accounts.repository.js';
import { canGrantRole } from './accounts.policy.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { actorForUser, newSessionToken, SESSION_TTL_MS } from './sessions.js';

/** Failed sign-ins counted over this window, per phone and per client address. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_PHONE = 5;
/** Higher: a community center's desk PCs share one address. */
export const MAX_FAILURES_PER_ADDRESS = 30;

export async function signIn({ deps, credentials, address }: { deps: AppDeps; credentials: TLogin; address: string }) {
  const now = deps.clock.now();
  const phone = normalizePhone(credentials.phone) ?? credentials.phone.trim();
  const phoneKey = `phone:${phone}`;
  const addressKey = `ip:${address}`;
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  const failures = await repo.countFailuresSince(deps.db, [phoneKey, addressKey], since);
  if (
    (failures.get(phoneKey) ?? 0) >= MAX_FAILURES_PER_PHONE ||
    (failures.get(addressKey) ?? 0) >= MAX_FAILURES_PER_ADDRESS
  ) {
    throw new AppError('RATE_LIMITED', { extra: { retryAfterSeconds: LOGIN_WINDOW_MS / 1000 } });
  }

  const user = await repo.findUserByPhone(deps.db, phone);
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), credentials.password);
  if (!user || !user.password_hash || !passwordOk || user.disabled) {
    await repo.insertFailures(deps.db, [phoneKey, addressKey], now.toISOString());
    throw new AppError('INVALID_CREDENTIALS');
  }

  await repo.clearFailures(deps.db, phoneKey);
  const token = await openSession(deps, user.id);
  return { token, actor: await actorForUser(deps.db, user) };
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
  return token;
}

export async function signOut({ deps, sessionId }: { deps: AppDeps; sessionId: string }) {
  await repo.deleteSession(deps.db, sessionId);
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
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, data.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', { details: [{ field: 'currentPassword', message: '原密码不正确' }] });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await deps.db
    .transaction()
    .execute((trx) => setLoginPassword(trx, deps, { userId: actor.userId, passwordHash, keepSessionId: sessionId }));
}

export async function createUser({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TUserCreate }) {
  for (const [index, grant] of data.roles.entries()) {
    const merchantCommunityId = grant.merchantId ? await merchantCommunity(deps, grant.merchantId, index) : undefined;
    if (grant.communityId && !(await findCommunity(deps.db, grant.communityId))) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: `roles.${index}.communityId`, message: '社区不存在' }],
      });
    }
    if (!canGrantRole(actor, grant, merchantCommunityId)) throw new AppError('FORBIDDEN');
  }
  const passwordHash = await hashPassword(data.password);
  return await deps.db.transaction().execute(async (trx) => {
    const id = await createLogin(trx, deps, { name: data.name, phone: data.phone, passwordHash, roles: data.roles });
    await recordAudit(trx, deps, actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      communityId: data.roles.find((r) => r.communityId)?.communityId ?? null,
      summary: `创建账号 ${data.name}（${data.roles.map((r) => r.role).join('、')}）`,
    });
    return { id };
  });
}

async function merchantCommunity(deps: AppDeps, merchantId: number, index: number): Promise<number> {
  const merchant = await findMerchant(deps.db, merchantId);
  if (!merchant)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: `roles.${index}.merchantId`, message: '商户不存在' }],
    });
  return merchant.community_id;
}

export async function listUsers({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  return repo.listUsersWithRoles(deps.db, { communityIds: staffCommunityIds(actor) });
}

// Logins for the rest of the platform ------------------------------------------------------------

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
 * A login's new password, inside the caller's transaction. Every device signed in to it is signed out, in
 * case the old password leaked — except `keepSessionId`, the one that changed it.
 */
export async function setLoginPassword(
  trx: Trx,
  deps: Pick<AppDeps, 'clock'>,
  change: { userId: number; passwordHash: string; keepSessionId?: string },
): Promise<void> {
  await repo.updatePasswordHash(trx, change.userId, change.passwordHash, deps.clock.now().toISOString());
  await repo.deleteOtherSessions(trx, change.userId, change.keepSessionId ?? null);
}

/**
 * The center admin named on first start (ADMIN_PHONE and ADMIN_PASSWORD), with its audit entry. A phone that
 * already has an account is left as it is — a restart with another password changes nothing.
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

/** Expired sessions and sign-in failures older than the window are only ever filtered out; the hourly sweep deletes them. */
export async function sweepSignIns(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  await repo.deleteExpiredSessions(deps.db, now.toISOString());
  await repo.deleteFailuresBefore(deps.db, new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString());
}
