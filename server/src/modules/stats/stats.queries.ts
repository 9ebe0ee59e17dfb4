import type { Db } from '../../platform/deps.js';
import * as repo from './stats.repository.js';
import type { StatsScope } from './stats.repository.js';

export interface StatsQuery {
  name: string;
  run(db: Db, scope: StatsScope): Promise<unknown>;
}

/**
 * Every query the dashboard and the reports run, by name, so the bench (`seed:large`) can time each
 * one against its baseline and `stats.explain.test.ts` can read each one's plan.
 */
export const STATS_QUERIES: readonly StatsQuery[] = [
  { name: 'activitiesByCategory', run: repo.activitiesByCategory },
  { name: 'activitiesPerCommunity', run: repo.activitiesPerCommunity },
  { name: 'reachedByAgeBand', run: repo.reachedByAgeBand },
  { name: 'reachedByCommunity', run: repo.reachedByCommunity },
  { name: 'needsRaised', run: repo.needsRaised },
  { name: 'needsAnswered', run: repo.needsAnswered },
  { name: 'pointsPerCommunity', run: repo.pointsPerCommunity },
  { name: 'donationsByDonor', run: repo.donationsByDonor },
  { name: 'servicesDelivered', run: repo.servicesDelivered },
  { name: 'merchantContributions', run: repo.merchantContributions },
  { name: 'weeklyActivities', run: repo.weeklyActivities },
  { name: 'vouchersHonoured', run: repo.vouchersHonoured },
  { name: 'shopStock', run: repo.shopStock },
  { name: 'rotaCoverage', run: repo.rotaCoverage },
  { name: 'merchantStars', run: repo.merchantStars },
  { name: 'openMerchantRequests', run: repo.openMerchantRequests },
];
