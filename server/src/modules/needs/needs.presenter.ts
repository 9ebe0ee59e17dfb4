import type { TNeed } from '@zhongli/domain';
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
    createdAt: need.created_at,
    answeredBy: answeredBy.map((a) => ({ activityId: a.activity_id, title: a.title, startsAt: a.starts_at })),
  };
}
