import type { TNeed, TNeedsPlan } from '@zhongli/domain';
import type { findNeed, listAnsweringActivities } from './needs.repository.js';

type NeedRow = NonNullable<Awaited<ReturnType<typeof findNeed>>>;
type AnswerRow = Awaited<ReturnType<typeof listAnsweringActivities>>[number];

/** Public: what was asked and how many support it; never who asked or who supported. */
export function presentNeed({ need, answeredBy }: { need: NeedRow; answeredBy: AnswerRow[] }): TNeed {
  return {
    id: need.id,
    communityId: need.community_id,
    category: need.category,
    text: need.text,
    supports: need.supports,
    postedByStaff: need.posted_by_user_id != null,
    createdAt: need.created_at,
    answeredBy: answeredBy.map((a) => ({ activityId: a.activity_id, title: a.title, startsAt: a.starts_at })),
  };
}

/** The planning view: counts by category, and the needs as everyone sees them. */
export function presentNeedsPlan(plan: {
  byCategory: { category: string; needs: number; supports: number }[];
  needs: { need: NeedRow; answeredBy: AnswerRow[] }[];
}): TNeedsPlan {
  return {
    byCategory: plan.byCategory.map((c) => ({ category: c.category, needs: c.needs, supports: c.supports })),
    needs: plan.needs.map(presentNeed),
  };
}
