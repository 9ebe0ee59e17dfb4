import { setupStatusOf, type TSetupStatus } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { staffCountsByCommunity } from '../accounts/index.js';
import { countActivitiesSent } from '../activities/index.js';
import { centerOf, listCommunities, venueCountsByCommunity } from '../communities/index.js';
import { ruleCountsByCommunity } from '../points/index.js';
import { countServices } from '../services/index.js';
import { countItems } from '../shop/index.js';

/** 开通向导: what the center has set up so far, read from each module's own data. */
export async function setupStatus(deps: AppDeps): Promise<TSetupStatus> {
  const [center, communities, venues, staff, rules, shopItems, services, activitiesSent] = await Promise.all([
    centerOf(deps),
    listCommunities(deps),
    venueCountsByCommunity(deps.db),
    staffCountsByCommunity(deps.db),
    ruleCountsByCommunity(deps.db),
    countItems(deps.db),
    countServices(deps.db),
    countActivitiesSent(deps.db),
  ]);
  return setupStatusOf({
    center,
    communities: communities.map((c) => ({
      name: c.name,
      venues: venues.get(c.id) ?? 0,
      staff: staff.get(c.id) ?? 0,
      rules: rules.get(c.id) ?? 0,
    })),
    shopItems,
    services,
    activitiesSent,
  });
}
