import type { DatabaseHandle } from '../../src/db/connect.js';
import { systemClock } from '../../src/platform/clock.js';
import { standaloneDeps } from '../support/standalone-database.js';
import {
  buildActivity,
  buildCommunity,
  buildMerchant,
  buildPointsRules,
  buildResident,
  buildService,
  buildShopItem,
  buildStaff,
  buildUser,
  fundResident,
} from '../support/factories.js';

/**
 * The world the crash loop works in, written straight into a fresh database before the server
 * first starts: one community with residents holding points, a points rule, shop items with a
 * little stock (so redemptions run out), a voucher offer with fewer vouchers than claims, a
 * service with sessions every day (so bookings fill up), an activity open for sign-up with few
 * places, and an activity happening now (so check-ins are accepted). Dates follow the real clock:
 * the server the loop starts reads it too.
 */
export interface CrashWorld {
  communityId: number;
  staffPhone: string;
  merchantPhone: string;
  merchantId: number;
  residentIds: number[];
  ruleId: number;
  itemIds: number[];
  serviceId: number;
  signUpActivityId: number;
  liveActivityId: number;
}

export async function seedCrashWorld(handle: DatabaseHandle): Promise<CrashWorld> {
  const deps = await standaloneDeps(handle);
  const { id: communityId } = await buildCommunity(deps, '崩溃测试社区');
  const staff = await buildStaff(deps, communityId);
  const merchant = await buildMerchant(deps, communityId, { name: '崩溃测试药房' });
  const merchantUser = await buildUser(deps, [{ role: 'merchant', merchantId: merchant.id }]);
  const { AWARD: ruleId } = await buildPointsRules(deps, communityId, [
    { code: 'AWARD', name: '志愿服务', category: '志愿服务', points: 5 },
  ]);
  const residentIds: number[] = [];
  for (let i = 0; i < 24; i++) {
    const { id } = await buildResident(deps, { communityId, name: `居民${i + 1}`, birthDate: '1950-03-01' });
    await fundResident(deps, id, 2000);
    residentIds.push(id);
  }
  const itemIds: number[] = [];
  for (let i = 0; i < 4; i++) itemIds.push((await buildShopItem(deps, communityId, { pointsPrice: 7, stock: 10 })).id);
  const now = systemClock.now();
  const { id: serviceId } = await buildService(deps, {
    communityId,
    schedule: {
      daysOfMonth: Array.from({ length: 31 }, (_, i) => i + 1),
      sessions: [{ period: '全天', start: '00:00', end: '23:59', capacity: 6 }],
    },
    bookingOpensDaysAhead: 30,
    bookingOpensAt: '00:00',
  });
  const signUp = await buildActivity(deps, {
    communityId,
    capacity: 6,
    startsAt: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
  });
  const live = await buildActivity(deps, {
    communityId,
    capacity: null,
    startsAt: new Date(now.getTime() - 10 * 60_000).toISOString(),
    endsAt: new Date(now.getTime() + 6 * 3_600_000).toISOString(),
  });
  await handle.db.updateTable('activities').set({ points_rule_id: ruleId }).where('id', '=', live.id).execute();
  return {
    communityId,
    staffPhone: staff.phone,
    merchantPhone: merchantUser.phone,
    merchantId: merchant.id,
    residentIds,
    ruleId,
    itemIds,
    serviceId,
    signUpActivityId: signUp.id,
    liveActivityId: live.id,
  };
}
