/** The organiser's screen asks for the current code this often even when it has not expired. */
export const CHECKIN_POLL_MS = 10_000;
/** Ask a moment after the expiry, so the server has certainly moved on to the next code. */
const AFTER_EXPIRY_MS = 300;
const MIN_DELAY_MS = 500;

/**
 * When to fetch the rotating check-in code next: every 10 s, and right after the current one
 * expires if that is sooner — so the QR on the wall is never stale for more than a moment, and a
 * wrong phone clock does not matter (`now` is corrected by the server's view via `skewMs`).
 */
export function nextCodeRefreshDelay(expiresAt: string, now: number, skewMs = 0): number {
  const expires = Date.parse(expiresAt);
  if (Number.isNaN(expires)) return CHECKIN_POLL_MS;
  const untilExpiry = expires - (now + skewMs) + AFTER_EXPIRY_MS;
  return Math.max(MIN_DELAY_MS, Math.min(CHECKIN_POLL_MS, untilExpiry));
}

/** Whole seconds the current code is still good for (never negative). */
export function secondsLeft(expiresAt: string, now: number, skewMs = 0): number {
  const expires = Date.parse(expiresAt);
  if (Number.isNaN(expires)) return 0;
  return Math.max(0, Math.ceil((expires - (now + skewMs)) / 1000));
}

/** The link the QR carries: the resident's phone opens it and signs in to the activity. */
export function checkinUrl(
  origin: string,
  activityId: number,
  code: string,
  purpose: 'checkin' | 'checkout' = 'checkin',
): string {
  return `${origin}/${purpose}/${activityId}?code=${encodeURIComponent(code)}`;
}

/**
 * How far the server's clock is ahead of this screen's, judged from one answer: a code is good
 * for at most `maxLifetimeMs`, so an expiry further away (or already past) means the screen's
 * clock is off. Within the plausible window the screen is trusted (0).
 */
export function clockSkew(expiresAt: string, now: number, maxLifetimeMs = 60_000): number {
  const remaining = Date.parse(expiresAt) - now;
  if (Number.isNaN(remaining)) return 0;
  if (remaining > maxLifetimeMs) return remaining - maxLifetimeMs;
  if (remaining < 0) return remaining - 1_000;
  return 0;
}
