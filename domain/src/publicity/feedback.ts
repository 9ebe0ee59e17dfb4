/** Residents who took part may rate an activity from their check-in until a week after it ended. */
export const FEEDBACK_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether rating is still open: up to and including the moment a week after the end. */
export function isFeedbackOpen(activity: { endsAt: string }, now: Date): boolean {
  return now.getTime() <= Date.parse(activity.endsAt) + FEEDBACK_WINDOW_MS;
}
