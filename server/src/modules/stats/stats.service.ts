import {
  AGE_BANDS,
  AppError,
  countyDaysWindow,
  countyDateOf,
  parseCalendarDate,
  type TAgeBand,
  type TDashboard,
  type TPeriodFigures,
  type TPeriodQuery,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import { liveRatings, requestAge } from '../merchants/index.js';
import { sumVolunteerHours } from '../hours/index.js';
import type { AppDeps, Db } from '../../platform/deps.js';
import { canViewStats, defaultStatsCommunity } from './stats.policy.js';
import * as repo from './stats.repository.js';
import type { StatsScope } from './stats.repository.js';

/** The longest period one request may ask for: a year's report (a leap year included). */
export const MAX_PERIOD_DAYS = 366;

/** A checked period as the queries take it; a bad date or an inverted or overlong period is a 400 naming the field. */
export function statsScopeOf(from: string, to: string, communityId: number | null): StatsScope {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!parseCalendarDate(value)) {
      throw new AppError('VALIDATION_FAILED', { details: [{ field, message: '日期无效' }] });
    }
  }
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days < 1)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'to', message: '结束日期早于开始日期' }] });
  if (days > MAX_PERIOD_DAYS) {
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'to', message: `统计区间最长 ${MAX_PERIOD_DAYS} 天` }],
    });
  }
  const window = countyDaysWindow(from, to);
  return { from, to, fromInstant: window.from, toInstant: window.to, communityId };
}

/**
 * The figures of one period for the county (no `communityId`) or one community — what the dashboard
 * shows live and what a report snapshots. A read model: it reads many modules' tables and writes none.
 * Everything is counted where it happened: an activity's community, a service's, a ledger entry's.
 */
export async function periodFigures({
  db,
  from,
  to,
  communityId,
}: {
  db: Db;
  from: string;
  to: string;
  communityId?: number | null;
}): Promise<TPeriodFigures> {
  const s = statsScopeOf(from, to, communityId ?? null);
  const name = await repo.scopeName(db, s.communityId);
  if (name == null) throw new AppError('NOT_FOUND');
  const [
    categories,
    ageBands,
    reachedPer,
    activitiesPer,
    raised,
    answered,
    pointsPer,
    donors,
    services,
    merchants,
    hours,
  ] = await Promise.all([
    repo.activitiesByCategory(db, s),
    repo.reachedByAgeBand(db, s),
    repo.reachedByCommunity(db, s),
    repo.activitiesPerCommunity(db, s),
    repo.needsRaised(db, s),
    repo.needsAnswered(db, s),
    repo.pointsPerCommunity(db, s),
    repo.donationsByDonor(db, s),
    repo.servicesDelivered(db, s),
    repo.merchantContributions(db, s),
    sumVolunteerHours(db, { from: s.from, to: s.to, communityId: s.communityId ?? undefined }),
  ]);
  const communities = await repo.communitiesOf(db, s.communityId);

  const byCategory = new Map<string, { category: string; held: number; participants: number }>();
  let cancelled = 0;
  for (const row of categories) {
    if (row.status === 'cancelled') {
      cancelled += row.activities;
      continue;
    }
    const entry = byCategory.get(row.category) ?? { category: row.category, held: 0, participants: 0 };
    entry.held += row.activities;
    entry.participants += row.checkins;
    byCategory.set(row.category, entry);
  }
  const categoryList = [...byCategory.values()].sort((a, b) => b.held - a.held || a.category.localeCompare(b.category));
  const bandCount = new Map(ageBands.map((b) => [b.band, b.residents]));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const perCommunity = <T extends { communityId: number }>(list: T[], id: number) =>
    list.find((r) => r.communityId === id);

  return {
    period: { from: s.from, to: s.to, communityId: s.communityId, scopeName: name },
    activities: { held: sum(categoryList.map((c) => c.held)), cancelled, byCategory: categoryList },
    participation: {
      checkins: sum(categoryList.map((c) => c.participants)),
      distinctResidents: sum(ageBands.map((b) => b.residents)),
      byAgeBand: AGE_BANDS.map((band: TAgeBand) => ({ band, residents: bandCount.get(band) ?? 0 })),
    },
    needs: { raised, answered },
    // from the hours module: counted for the volunteer's community (check-in/out and served shifts, corrections applied)
    volunteerHours: { hours: hours.hours, volunteers: hours.volunteers },
    points: {
      issued: sum(pointsPer.map((p) => p.issued)),
      redeemed: sum(pointsPer.map((p) => p.redeemed)),
    },
    donations: {
      donations: sum(donors.map((d) => d.donations)),
      donors: donors
        .map((d) => ({ name: d.name, donations: d.donations, merchant: d.merchant }))
        .sort((a, b) => b.donations - a.donations || a.name.localeCompare(b.name)),
    },
    services: services.map((sv) => ({
      serviceId: sv.serviceId,
      serviceName: sv.serviceName,
      sessions: sv.sessions,
      served: sv.served,
      noShow: sv.noShow,
    })),
    merchants,
    byCommunity: communities
      .map((c) => {
        const acts = perCommunity(activitiesPer, c.id);
        const reached = perCommunity(reachedPer, c.id);
        const points = perCommunity(pointsPer, c.id);
        const volunteering = perCommunity(hours.byCommunity, c.id);
        return {
          communityId: c.id,
          name: c.name,
          archived: c.archived_at != null,
          activitiesHeld: acts?.held ?? 0,
          checkins: acts?.checkins ?? 0,
          distinctResidents: reached?.residents ?? 0,
          volunteerHours: volunteering?.hours ?? 0,
          pointsIssued: points?.issued ?? 0,
        };
      })
      // An archived community appears only when something happened in it during the period.
      .filter(
        (c) =>
          !c.archived || c.activitiesHeld + c.checkins + c.distinctResidents + c.pointsIssued + c.volunteerHours > 0,
      )
      .map(({ archived: _archived, ...c }) => c),
  };
}

interface StatsRequest {
  deps: AppDeps;
  actor: Actor;
  query: TPeriodQuery;
}

/** The scope a staff member asked for, or theirs by default; refused outside what they may see. */
function permittedCommunity(actor: Actor, query: TPeriodQuery): number | null {
  const communityId = query.communityId ?? defaultStatsCommunity(actor);
  if (!canViewStats(actor, communityId)) throw new AppError('FORBIDDEN');
  return communityId;
}

/** `GET /api/stats/period`: the center any scope; community staff their own community (the default for them). */
export async function readPeriodFigures({ deps, actor, query }: StatsRequest): Promise<TPeriodFigures> {
  const communityId = permittedCommunity(actor, query);
  return periodFigures({ db: deps.db, from: query.from, to: query.to, communityId });
}

/**
 * Merchants by stars. A period that has ended reads the monthly ratings kept for the trend (每月评星,
 * as each stood at the start of its month); a period still running counts them now, by the same rule
 * the public merchant wall uses, so the dashboard and the wall never show two different ★ for a merchant.
 */
async function merchantStarsOf(deps: AppDeps, s: StatsScope) {
  const now = deps.clock.now();
  if (s.to < countyDateOf(now)) return repo.merchantStars(deps.db, s);
  const ids = await repo.merchantIdsIn(deps.db, s);
  const ratings = await liveRatings(deps, ids, now);
  const counts = new Map<number, number>();
  for (const rating of ratings.values()) counts.set(rating.stars, (counts.get(rating.stars) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([stars, merchants]) => ({ stars, merchants }));
}

/** `GET /api/stats/dashboard`: the console home and the 数据大屏 — the period's figures and the live widgets. */
export async function readDashboard({ deps, actor, query }: StatsRequest): Promise<TDashboard> {
  const communityId = permittedCommunity(actor, query);
  const figures = await periodFigures({ db: deps.db, from: query.from, to: query.to, communityId });
  const s = statsScopeOf(query.from, query.to, communityId);
  const [weeks, honoured, shop, rota, stars, requests] = await Promise.all([
    repo.weeklyActivities(deps.db, s),
    repo.vouchersHonoured(deps.db, s),
    repo.shopStock(deps.db, s),
    repo.rotaCoverage(deps.db, s),
    merchantStarsOf(deps, s),
    repo.openMerchantRequests(deps.db, s),
  ]);
  const now = deps.clock.now();
  return {
    figures,
    weeks,
    vouchers: { honoured },
    shop,
    rota,
    merchantStars: stars,
    merchantRequests: {
      open: requests.length,
      overdue: requests.filter((r) => requestAge(r, now).overdue).length,
    },
    generatedAt: now.toISOString(),
  };
}
