import { AppError, normalizePhone, type TChangePassword, type TLogin, type TUserCreate } from '@zhongli/domain';
import { staffCommunityIds, type Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { recordAudit } from '../audit/index.js';
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
  const { token, id } = newSessionToken();
  await repo.insertSession(deps.db, {
    id,
    userId: user.id,
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  return { token, actor: await actorForUser(deps.db, user) };
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
  await deps.db.transaction().execute(async (trx) => {
    await repo.updatePasswordHash(trx, actor.userId, passwordHash, deps.clock.now().toISOString());
    await repo.deleteOtherSessions(trx, actor.userId, sessionId);
  });
}

export async function createUser({ deps, actor, data }: { deps: AppDeps; actor: Actor; data: TUserCreate }) {
  for (const [index, grant] of data.roles.entries()) {
    const merchantCommunityId = grant.merchantId ? await merchantCommunity(deps, grant.merchantId, index) : undefined;
    if (
      grant.communityId &&
      !(await deps.db.selectFrom('communities').select('id').where('id', '=', grant.communityId).executeTakeFirst())
    ) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ field: `roles.${index}.communityId`, message: '社区不存在' }],
      });
    }
    if (!canGrantRole(actor, grant, merchantCommunityId)) throw new AppError('FORBIDDEN');
  }
  const passwordHash = await hashPassword(data.password);
  return await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertUser(trx, {
      name: data.name,
      phone: data.phone,
      passwordHash,
      createdAt: deps.clock.now().toISOString(),
    });
    await repo.insertRoles(trx, id, data.roles);
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
  const merchant = await deps.db
    .selectFrom('merchants')
    .select('community_id')
    .where('id', '=', merchantId)
    .executeTakeFirst();
  if (!merchant)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: `roles.${index}.merchantId`, message: '商户不存在' }],
    });
  return merchant.community_id;
}

export async function listUsers({ deps, actor }: { deps: AppDeps; actor: Actor }) {
  return repo.listUsersWithRoles(deps.db, { communityIds: staffCommunityIds(actor) });
}
