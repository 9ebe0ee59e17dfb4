import type { TActivityStatus } from './activities.schemas.js';

/** The states a public page may show: on the menu, or called off after it was (kept, marked 已取消). */
export const PUBLIC_ACTIVITY_STATUSES = ['published', 'cancelled'] as const satisfies readonly TActivityStatus[];

/**
 * Whether an activity shows on the public pages (its page, the upcoming list, the week's menu, the
 * calendar feeds): only once it was published. A cancelled activity that had been published stays
 * (residents who saw it must see it is off); one cancelled before publication never appears.
 */
export function isPubliclyVisible(activity: { status: TActivityStatus; publishedAt: string | null }): boolean {
  return (
    activity.publishedAt != null && (PUBLIC_ACTIVITY_STATUSES as readonly TActivityStatus[]).includes(activity.status)
  );
}
