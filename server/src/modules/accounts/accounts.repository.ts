import type { TPasswordChangeReason } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';
import type { RoleGrant } from '../../platform/actor.js';

export function findUserByPhone(db: Db | Trx, phone: string) {
  return db.selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst();
}

/** The logins of many phones at once (an import's check), each with the resident it carries, if any. */
export function findUsersByPhones(db: Db | Trx, phones: string[]) {
  return db
    .selectFrom('users')
    .leftJoin('residents', 'residents.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.phone', 'residents.id as resident_id'])
    .where('users.phone', 'in', phones)
    .execute();
}

export function findUserById(db: Db | Trx, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The user row, locked until the transaction ends (PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises):
 * every change to an account's roles, password or state takes it first, so a check of the roles and the
 * write that follows see the same grants. Outside a transaction it is a plain read. NO KEY UPDATE, not UPDATE:
 * rows that merely point at the user (an audit entry naming the actor, a session) must not wait for it — a grant
 * whose audit names an admin whose row another transaction holds would deadlock.
 */
export function lockUser(trx: Db | Trx, id: number) {
  return trx.selectFrom('users').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

export async function findRoles(db: Db | Trx, userId: number): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select(['role', 'community_id', 'merchant_id'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    role: r.role,
    ...(r.community_id != null ? { communityId: r.community_id } : {}),
    ...(r.merchant_id != null ? { merchantId: r.merchant_id } : {}),
  }));
}

export function findResidentOfUser(db: Db | Trx, userId: number) {
  return db.selectFrom('residents').select(['id', 'community_id']).where('user_id', '=', userId).executeTakeFirst();
}

export async function insertUser(
  trx: Trx,
  user: { name: string; phone: string; passwordHash: string | null; createdAt: string },
): Promise<number> {
  const row = await trx
    .insertInto('users')
    .values({
      name: user.name,
      phone: user.phone,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      password_changed_at: user.passwordHash ? user.createdAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertRoles(trx: Trx, userId: number, roles: RoleGrant[]): Promise<void> {
  if (!roles.length) return;
  await trx
    .insertInto('user_roles')
    .values(
      roles.map((r) => ({
        user_id: userId,
        role: r.role,
        community_id: r.communityId ?? null,
        merchant_id: r.merchantId ?? null,
      })),
    )
    .execute();
}

/** Grants already held are skipped by the unique grant key, so adding a role twice (or twice at once) adds it once. */
export async function insertMissingRoles(trx: Trx, userId: number, roles: RoleGrant[]): Promise<void> {
  for (const r of roles) {
    await trx
      .insertInto('user_roles')
      .values({ user_id: userId, role: r.role, community_id: r.communityId ?? null, merchant_id: r.merchantId ?? null })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** `users.must_change_password`: 0 none, else why (see `ZPasswordChangeReason`). */
const PASSWORD_CHANGE_FLAGS = { reset: 1, new_role: 2 } as const satisfies Record<TPasswordChangeReason, number>;

export function passwordChangeReasonOf(flag: number): TPasswordChangeReason | undefined {
  if (flag === PASSWORD_CHANGE_FLAGS.new_role) return 'new_role';
  return flag ? 'reset' : undefined;
}

/**
 * A resident's login that now holds a role must set a password under the roles' rule; a reset already pending
 * is kept (the temporary password also meets that rule, and its owner must replace it anyway).
 */
export async function requireNewPasswordForRole(trx: Trx, userId: number): Promise<void> {
  await trx
    .updateTable('users')
    .set({ must_change_password: PASSWORD_CHANGE_FLAGS.new_role })
    .where('id', '=', userId)
    .where('must_change_password', '=', 0)
    .execute();
}

/**
 * A new password; `temporary` when the center reset it (its owner must then set their own). One that meets only
 * the residents' rule is written only while no role asks for a stricter one (`requireNewPasswordForRole`), in
 * the same statement, so a role granted while it is being hashed cannot be passed by: false when refused.
 */
export async function updatePasswordHash(
  db: Db | Trx,
  userId: number,
  passwordHash: string,
  at: string,
  options: { temporary?: boolean; residentGrade?: boolean } = {},
): Promise<boolean> {
  let query = db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      password_changed_at: at,
      must_change_password: options.temporary ? PASSWORD_CHANGE_FLAGS.reset : 0,
    })
    .where('id', '=', userId);
  if (options.residentGrade) query = query.where('must_change_password', '<>', PASSWORD_CHANGE_FLAGS.new_role);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateUserName(trx: Trx, userId: number, name: string): Promise<void> {
  await trx.updateTable('users').set({ name }).where('id', '=', userId).execute();
}

/** A new phone to sign in with; a phone another login has meets the unique key (PHONE_TAKEN). */
export async function updateUserPhone(trx: Trx, userId: number, phone: string): Promise<void> {
  await trx.updateTable('users').set({ phone }).where('id', '=', userId).execute();
}

export async function replaceRoles(trx: Trx, userId: number, roles: RoleGrant[]): Promise<void> {
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  await insertRoles(trx, userId, roles);
}

/** Sets the flag; false when it already had that value (a repeated click changes nothing). */
export async function setDisabled(trx: Trx, userId: number, disabled: boolean): Promise<boolean> {
  const result = await trx
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', userId)
    .where('disabled', '=', disabled ? 0 : 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The enabled center admins, locked until the transaction ends: two admins disabling each other at once
 * on PostgreSQL take turns, and the second sees the first's change (SQLite's BEGIN IMMEDIATE already
 * serialises them).
 */
export async function lockEnabledCenterAdmins(trx: Trx): Promise<number[]> {
  const rows = await trx
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('user_roles.role', '=', 'center_admin')
    .where('users.disabled', '=', 0)
    .orderBy('users.id')
    .forNoKeyUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export function listUsersWithRoles(db: Db, filter: { communityIds: number[] | 'all' }) {
  let query = db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select([
      'users.id',
      'users.name',
      'users.phone',
      'users.disabled',
      'users.must_change_password',
      'user_roles.role',
      'user_roles.community_id',
      'user_roles.merchant_id',
    ])
    .orderBy('users.id');
  if (filter.communityIds !== 'all') {
    const ids = filter.communityIds.length ? filter.communityIds : [-1];
    query = query.where((eb) =>
      eb.or([
        eb('user_roles.community_id', 'in', ids),
        eb('user_roles.merchant_id', 'in', eb.selectFrom('merchants').select('id').where('community_id', 'in', ids)),
      ]),
    );
  }
  return query.execute();
}

// Sessions ---------------------------------------------------------------------------------------

export async function insertSession(
  db: Db | Trx,
  s: { id: string; userId: number; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: s.id, user_id: s.userId, created_at: s.now, last_seen_at: s.now, expires_at: s.expiresAt })
    .execute();
}

export function findLiveSession(db: Db, id: string, now: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'users.name',
      'users.phone',
      'users.disabled',
      'users.must_change_password',
      'users.last_seen_at as user_last_seen_at',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

/**
 * Records that the account used the app now, unless it already did after `staleBefore`: a cheap write
 * at most once per interval, and never backwards when two requests race.
 */
export async function markUserSeen(db: Db, userId: number, now: string, staleBefore: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ last_seen_at: now })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', staleBefore)]))
    .execute();
}

export async function deleteSession(db: Db | Trx, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Every session of a user but `keepId` (all of them when it is null). */
export async function deleteOtherSessions(db: Db | Trx, userId: number, keepId: string | null): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepId != null) query = query.where('id', '!=', keepId);
  await query.execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

// Login throttling -------------------------------------------------------------------------------

export function findThrottle(db: Db, key: string) {
  return db
    .selectFrom('login_throttle')
    .select(['failures', 'last_attempt_at', 'version'])
    .where('key', '=', key)
    .executeTakeFirst();
}

/** A key's first counted attempt; false when another request created the row first. */
export async function insertThrottle(db: Db, key: string, failures: number, at: string): Promise<boolean> {
  const row = await db
    .insertInto('login_throttle')
    .values({ key, failures, last_attempt_at: at, version: 0 })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return row != null;
}

/** Compare-and-set: counts the attempt only if nobody counted one since `version` was read. */
export async function advanceThrottle(
  db: Db,
  key: string,
  version: number,
  failures: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('login_throttle')
    .set((eb) => ({ failures, last_attempt_at: at, version: eb('version', '+', 1) }))
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A successful sign-in gives back the place its attempt took; a counter back at zero is deleted (no row
 * means the same), so successful sign-ins leave nothing behind.
 */
export async function releaseThrottle(db: Db, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ failures: eb('failures', '-', 1), version: eb('version', '+', 1) }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
  await db.deleteFrom('login_throttle').where('key', '=', key).where('failures', '=', 0).execute();
}

// Known devices ----------------------------------------------------------------------------------

export async function isKnownDevice(db: Db, userId: number, deviceHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('known_devices')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('device_hash', '=', deviceHash)
    .executeTakeFirst();
  return row != null;
}

export async function rememberDevice(db: Db, userId: number, deviceHash: string, at: string): Promise<void> {
  await db
    .insertInto('known_devices')
    .values({ user_id: userId, device_hash: deviceHash, first_signed_in_at: at, last_signed_in_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'device_hash']).doUpdateSet({ last_signed_in_at: at }))
    .execute();
}

export async function deleteDevicesUnusedSince(db: Db, before: string): Promise<void> {
  await db.deleteFrom('known_devices').where('last_signed_in_at', '<=', before).execute();
}

export async function deleteThrottlesBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('last_attempt_at', '<=', before).execute();
}

/** Enabled community staff accounts per community (开通向导: each community needs one). */
export async function staffCountsByCommunity(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.community_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_roles.role', '=', 'community_staff')
    .where('users.disabled', '=', 0)
    .groupBy('user_roles.community_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.community_id), Number(r.n)]));
}
