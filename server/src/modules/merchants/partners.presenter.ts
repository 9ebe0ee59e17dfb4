import {
  CONTRIBUTION_KIND_LABELS,
  type Rating,
  type TContribution,
  type TMerchantRating,
  type TMerchantRequest,
  type TPublicMerchant,
  type TRatingMonth,
  type TWallMerchant,
} from '@zhongli/domain';
import type { ContributionRow, ratingHistory } from './partners.repository.js';
import type { AgedRequest, MerchantWall, publicMerchantPage } from './partners.service.js';

export function presentRating(rating: Rating): TMerchantRating {
  return {
    stars: rating.stars,
    basis: { count: rating.count, averageQuality: rating.averageQuality, period: rating.period },
    explanation: rating.explanation,
  };
}

export function presentContribution(c: ContributionRow): TContribution {
  return {
    id: c.id,
    kind: c.kind,
    kindLabel: CONTRIBUTION_KIND_LABELS[c.kind],
    description: c.description,
    quality: c.quality,
    confirmed: c.quality != null,
    occurredAt: c.occurred_at,
    activity: c.activity_id ? { id: c.activity_id, title: c.activity_title } : null,
    ref: c.ref_type ? { type: c.ref_type, id: c.ref_id } : null,
  };
}

/** The wall of one community: every merchant with its stars, counts by kind (never money) and five activities it supported. */
export function presentWall(wall: MerchantWall): TWallMerchant[] {
  // Grouped once: filtering the county's lists again for each of its thousands of merchants was quadratic.
  const countsOf = groupByMerchant(wall.counts);
  const activitiesOf = groupByMerchant(wall.activities);
  return wall.list.map((m) => {
    const rating = wall.ratings.get(m.id)!;
    const counts = countsOf.get(m.id) ?? [];
    return {
      id: m.id,
      communityId: m.community_id,
      name: m.name,
      category: m.category,
      partyAlliance: m.party_alliance === 1,
      stars: rating.stars,
      explanation: rating.explanation,
      contributions: counts.reduce((sum, c) => sum + Number(c.n), 0),
      contributionsByKind: contributionsByKind(counts),
      activities: supportedActivities(activitiesOf.get(m.id) ?? [], 5),
    };
  });
}

export function presentPublicMerchant({
  merchant,
  wall,
}: Awaited<ReturnType<typeof publicMerchantPage>>): TPublicMerchant {
  return {
    id: merchant.id,
    communityId: merchant.community_id,
    name: merchant.name,
    category: merchant.category,
    address: merchant.address,
    partyAlliance: merchant.party_alliance === 1,
    ...presentRating(wall.ratings.get(merchant.id)!),
    contributionsByKind: contributionsByKind(wall.counts.filter((c) => c.merchant_id === merchant.id)),
    activities: supportedActivities(
      wall.activities.filter((a) => a.merchant_id === merchant.id),
      10,
    ),
  };
}

function contributionsByKind(counts: MerchantWall['counts']): Record<string, number> {
  return Object.fromEntries(counts.map((c) => [CONTRIBUTION_KIND_LABELS[c.kind], Number(c.n)]));
}

function groupByMerchant<T extends { merchant_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.merchant_id);
    if (group) group.push(row);
    else groups.set(row.merchant_id, [row]);
  }
  return groups;
}

function supportedActivities(activities: MerchantWall['activities'], limit: number) {
  return activities.slice(0, limit).map((a) => ({ id: a.id, title: a.title, startsAt: a.starts_at }));
}

type RatingHistoryRow = Awaited<ReturnType<typeof ratingHistory>>[number];
export function presentRatingMonth(r: RatingHistoryRow): TRatingMonth {
  return {
    month: r.month,
    stars: r.stars,
    contributions: r.contributions,
    averageQuality: r.average_quality,
    explanation: r.explanation,
  };
}

export function presentRequest(r: AgedRequest): TMerchantRequest {
  const { age } = r;
  return {
    id: r.id,
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    communityId: r.community_id,
    title: r.title,
    description: r.description,
    status: r.status,
    response: r.response,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    resolvedAt: r.resolved_at,
    ageWorkingDays: age.workingDays,
    overdue: age.overdue,
  };
}
