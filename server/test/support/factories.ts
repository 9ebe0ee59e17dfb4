import { randomBytes } from 'node:crypto';
import { makeMemberCode, weekOfInstant } from '@zhongli/domain';
import type { ActivityStatus } from '../../src/db/schema.js';
import type { RoleGrant } from '../../src/platform/actor.js';
import type { AppDeps } from '../../src/platform/deps.js';
import { createLogin, hashPassword } from '../../src/modules/accounts/index.js';
import { findUserById } from '../../src/modules/accounts/accounts.repository.js';
import { insertCommunity } from '../../src/modules/communities/communities.repository.js';
import { insertMerchant } from '../../src/modules/merchants/merchants.repository.js';
import { findResident, insertResident } from '../../src/modules/residents/index.js';
import { TEST_PASSWORD } from './app.js';
import type { TPointsRuleInput } from '@zhongli/domain';
import type { Actor } from '../../src/platform/actor.js';
import { actorForUser } from '../../src/modules/accounts/sessions.js';
import {
  approveAdjustment,
  publishRuleVersion,
  loadVersionWithRules,
  requestAdjustment,
} from '../../src/modules/points/points.service.js';
import { createItem, recordDonation } from '../../src/modules/shop/shop.service.js';

/** Factories fill in parents, so a test names only what it is about. */
let sequence = 0;
const next = () => ++sequence;
let cachedHash: Promise<string> | undefined;
const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));
const now = (deps: AppDeps) => deps.clock.now().toISOString();

export function uniquePhone(): string {
  return `15${String(Date.now() % 1e5).padStart(5, '0')}${String(next()).padStart(4, '0')}`.slice(0, 11);
}

export async function buildCommunity(deps: AppDeps, name = `测试社区${next()}`) {
  const id = await deps.db.transaction().execute((trx) => insertCommunity(trx, name, now(deps)));
  return { id, name };
}

export async function buildUser(deps: AppDeps, roles: RoleGrant[], attrs: { name?: string; phone?: string } = {}) {
  const phone = attrs.phone ?? uniquePhone();
  const passwordHash = await testPasswordHash();
  const id = await deps.db
    .transaction()
    .execute((trx) => createLogin(trx, deps, { name: attrs.name ?? `用户${next()}`, phone, passwordHash, roles }));
  return { id, phone };
}

export const buildCenterAdmin = (deps: AppDeps) => buildUser(deps, [{ role: 'center_admin' }], { name: '中心管理员' });

export const buildStaff = (deps: AppDeps, communityId: number) =>
  buildUser(deps, [{ role: 'community_staff', communityId }], { name: `社区工作人员${next()}` });

export async function buildMerchant(
  deps: AppDeps,
  communityId: number,
  attrs: { name?: string; partyAlliance?: boolean } = {},
) {
  const id = await deps.db.transaction().execute((trx) =>
    insertMerchant(trx, {
      communityId,
      name: attrs.name ?? `测试商户${next()}`,
      address: '测试路1号',
      category: '其他',
      partyAlliance: attrs.partyAlliance ?? false,
      at: now(deps),
    }),
  );
  return { id };
}

/** A resident (with a login when asked), in a fresh community unless one is named. */
export async function buildResident(
  deps: AppDeps,
  attrs: { communityId?: number; name?: string; birthDate?: string; withLogin?: boolean },
) {
  const communityId = attrs.communityId ?? (await buildCommunity(deps)).id;
  const phone = attrs.withLogin ? uniquePhone() : null;
  const passwordHash = attrs.withLogin ? await testPasswordHash() : null;
  const id = await deps.db.transaction().execute(async (trx) => {
    const userId = phone ? await createLogin(trx, deps, { name: attrs.name ?? '居民', phone, passwordHash }) : null;
    return insertResident(trx, {
      communityId,
      userId,
      name: attrs.name ?? `居民${next()}`,
      memberCode: makeMemberCode(),
      birthDate: attrs.birthDate ?? '1955-06-01',
      gender: null,
      idNumberMasked: null,
      idNumberDigest: null,
      createdBy: null,
      at: now(deps),
    });
  });
  return { id, phone };
}

/** The Actor a signed-in user would be, for calling use cases directly. */
export async function actorOf(deps: AppDeps, user: { id: number; phone: string }): Promise<Actor> {
  return actorForUser(deps.db, { id: user.id, name: '测试账号', phone: user.phone });
}

/** Publishes a rules version for a community (as a fresh center admin) and returns rule ids by code. */
export async function buildPointsRules<Code extends string>(
  deps: AppDeps,
  communityId: number,
  rules: (TPointsRuleInput & { code: Code })[],
) {
  const admin = await buildCenterAdmin(deps);
  const actor = await actorOf(deps, admin);
  const versionId = await publishRuleVersion({ deps, actor, data: { communityId, rules } });
  const { rules: revisions } = await loadVersionWithRules(deps, versionId);
  return Object.fromEntries(revisions.map((r) => [r.code, r.rule_id])) as Record<Code, number>;
}

/** Gives a resident points through the real four-eyes adjustment (one staff member asks, another approves). */
export async function fundResident(deps: AppDeps, residentId: number, amount: number) {
  const resident = await deps.db
    .selectFrom('residents')
    .select('community_id')
    .where('id', '=', residentId)
    .executeTakeFirstOrThrow();
  const requester = await actorOf(deps, await buildStaff(deps, resident.community_id));
  const approver = await actorOf(deps, await buildStaff(deps, resident.community_id));
  const { id } = await requestAdjustment({
    deps,
    actor: requester,
    data: { residentId, delta: amount, reason: '测试充值' },
  });
  await deps.db.transaction().execute((trx) => approveAdjustment(trx, deps, { actor: approver, adjustmentId: id }));
}

/** A shop item with stock donated by a fresh merchant of the same community. */
export async function buildShopItem(
  deps: AppDeps,
  communityId: number,
  attrs: { name?: string; pointsPrice?: number; stock?: number; monthlyLimit?: number | null } = {},
) {
  const staff = await actorOf(deps, await buildStaff(deps, communityId));
  const { id } = await createItem({
    deps,
    actor: staff,
    data: {
      communityId,
      name: attrs.name ?? `物品${next()}`,
      pointsPrice: attrs.pointsPrice ?? 10,
      monthlyLimit: attrs.monthlyLimit ?? null,
    },
  });
  if ((attrs.stock ?? 5) > 0) {
    const merchant = await buildMerchant(deps, communityId);
    await deps.db.transaction().execute((trx) =>
      recordDonation(trx, deps, {
        actor: staff,
        data: { itemId: id, quantity: attrs.stock ?? 5, merchantId: merchant.id },
      }),
    );
  }
  return { id };
}

/* ---------- activities, needs and results (inserted directly: the tests are about what happens next) ---------- */

/** An activity row with sensible defaults: published, tomorrow 09:00–11:00 county time, unlimited places, in a new community unless given. */
export async function buildActivity(
  deps: AppDeps,
  attrs: {
    communityId?: number;
    title?: string;
    category?: string;
    startsAt?: string;
    endsAt?: string;
    status?: ActivityStatus;
    capacity?: number | null;
    place?: string;
    volunteerService?: boolean;
  },
) {
  const startsAt = new Date(
    attrs.startsAt ??
      new Date(deps.clock.now().getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10) + 'T01:00:00.000Z',
  );
  const endsAt = new Date(attrs.endsAt ?? startsAt.getTime() + 2 * 60 * 60 * 1000);
  const at = now(deps);
  const status = attrs.status ?? 'published';
  const communityId = attrs.communityId ?? (await buildCommunity(deps)).id;
  const row = await deps.db
    .insertInto('activities')
    .values({
      community_id: communityId,
      title: attrs.title ?? `测试活动${next()}`,
      category: attrs.category ?? '健康讲座',
      place: attrs.place ?? '社区活动室',
      starts_at: startsAt.toISOString(),
      ends_at: endsAt.toISOString(),
      week: weekOfInstant(startsAt),
      capacity: attrs.capacity ?? null,
      volunteer_service: attrs.volunteerService ? 1 : 0,
      status,
      published_at: status === 'published' ? at : null,
      checkin_secret: randomBytes(16).toString('hex'),
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, communityId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
}

/** The activity (published, new) and the resident (of the activity's community) unless given. */
async function activityAndResident(deps: AppDeps, attrs: { activityId?: number; residentId?: number }) {
  const activityId = attrs.activityId ?? (await buildActivity(deps, {})).id;
  if (attrs.residentId) return { activityId, residentId: attrs.residentId };
  const { community_id: communityId } = await deps.db
    .selectFrom('activities')
    .select('community_id')
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  return { activityId, residentId: (await buildResident(deps, { communityId })).id };
}

export async function buildRegistration(
  deps: AppDeps,
  attrs: { activityId?: number; residentId?: number; status?: 'registered' | 'waitlisted' | 'cancelled' } = {},
) {
  const at = now(deps);
  const { activityId, residentId } = await activityAndResident(deps, attrs);
  const row = await deps.db
    .insertInto('registrations')
    .values({
      activity_id: activityId,
      resident_id: residentId,
      status: attrs.status ?? 'registered',
      waitlist_position: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, activityId, residentId };
}

export async function buildCheckin(deps: AppDeps, attrs: { activityId?: number; residentId?: number } = {}) {
  const { activityId, residentId } = await activityAndResident(deps, attrs);
  const row = await deps.db
    .insertInto('checkins')
    .values({ activity_id: activityId, resident_id: residentId, method: 'staff', checked_in_at: now(deps) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, activityId, residentId };
}

export async function buildPartner(
  deps: AppDeps,
  attrs: { communityId?: number | null; name?: string; kind?: 'merchant' | 'unit' | 'inheritor' | 'institution' } = {},
) {
  const row = await deps.db
    .insertInto('partners')
    .values({
      kind: attrs.kind ?? 'unit',
      name: attrs.name ?? `共建单位${next()}`,
      merchant_id: null,
      community_id: attrs.communityId ?? null,
      created_at: now(deps),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}

export async function buildNeed(
  deps: AppDeps,
  attrs: { communityId?: number; residentId?: number; category?: string; text?: string } = {},
) {
  const communityId = attrs.communityId ?? (await buildCommunity(deps)).id;
  const residentId = attrs.residentId ?? (await buildResident(deps, { communityId })).id;
  const row = await deps.db
    .insertInto('needs')
    .values({
      community_id: communityId,
      resident_id: residentId,
      category: attrs.category ?? '健康',
      text: attrs.text ?? `需求${next()}`,
      created_at: now(deps),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, communityId };
}

/* ---------- accounts and residents: rows read back by id, failing loudly instead of `(await find())!` ---------- */

export async function getUserOrThrow(deps: AppDeps, id: number) {
  const user = await findUserById(deps.db, id);
  if (!user) throw new Error(`no user ${id}`);
  return user;
}

/** A resident as other modules read it (findResident, the residents module's query use case). */
export async function getResidentOrThrow(deps: AppDeps, id: number) {
  const resident = await findResident(deps.db, id);
  if (!resident) throw new Error(`no resident ${id}`);
  return resident;
}

// ---- services (1元理发屋, 健康小屋) ---------------------------------------------------------------
// (imports kept with the section, so the helpers above stay as they are)
import type { TServiceCreate } from '@zhongli/domain';
import { createService } from '../../src/modules/services/index.js';

/**
 * A service with its sessions generated, made by its community's staff through the real use case;
 * the community and the staff member are made too when not given. By default the 1元理发屋: the 5th
 * and 15th, 上午 and 下午 with 25 places, 60+, booking open 30 days ahead (so with the test clock,
 * 28 November, December's sessions are open), no volunteers, no monthly limit.
 */
export async function buildService(
  deps: AppDeps,
  attrs: Partial<Omit<TServiceCreate, 'communityId'>> & { communityId?: number } = {},
) {
  const communityId = attrs.communityId ?? (await buildCommunity(deps)).id;
  const staff = await actorOf(deps, await buildStaff(deps, communityId));
  const data: TServiceCreate = {
    name: `1元理发屋${next()}`,
    priceFen: 100,
    schedule: {
      daysOfMonth: [5, 15],
      sessions: [
        { period: '上午', start: '08:30', end: '11:30', capacity: 25 },
        { period: '下午', start: '14:30', end: '17:00', capacity: 25 },
      ],
    },
    holidayPolicy: 'skip',
    eligibility: { minAge: 60, scope: 'community' },
    bookingOpensDaysAhead: 30,
    bookingOpensAt: '08:00',
    volunteersPerSession: 0,
    monthlyLimit: null,
    ...attrs,
    communityId,
  };
  const { id } = await createService({ deps, actor: staff, data });
  return { id, communityId, staff };
}
