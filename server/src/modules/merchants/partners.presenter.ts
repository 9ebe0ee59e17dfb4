import {
  CONTRIBUTION_KIND_LABELS,
  type Rating,
  type TContribution,
  type TMerchantRating,
  type TMerchantRequest,
} from '@zhongli/domain';
import type { ContributionRow, RequestRow } from './partners.repository.js';

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

export function presentRequest(r: RequestRow, age: { workingDays: number; overdue: boolean }): TMerchantRequest {
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
