/**
 * Sign-in throttling by progressive delay. Each key (a phone from unknown devices, a client address, one
 * known device) has a counter of failed attempts. The first few are free; after that each further attempt
 * must wait, twice as long each time, up to a cap — a stranger's guesses slow the phone down but never lock
 * its owner out for good, and a known device is counted apart. A quiet spell forgets the counter.
 */
export interface ThrottlePolicy {
  /** Attempts allowed without waiting. */
  freeFailures: number;
  /** The wait after the first attempt beyond the free ones; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** After this long without an attempt the counter starts again at zero. */
  forgetAfterMs: number;
}

const MINUTE = 60 * 1000;

/** Guesses at one phone from devices that never signed in to it. */
export const PHONE_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  firstDelayMs: 30 * 1000,
  maxDelayMs: 15 * MINUTE,
  forgetAfterMs: 24 * 60 * MINUTE,
};

/** All unknown-device attempts from one client address: higher, and a shorter cap, because a desk's PCs share one. */
export const ADDRESS_THROTTLE: ThrottlePolicy = {
  freeFailures: 30,
  firstDelayMs: 10 * 1000,
  maxDelayMs: 5 * MINUTE,
  forgetAfterMs: 60 * MINUTE,
};

/** A device that signed in to the account before: the owner's own typos, counted apart from strangers'. */
export const KNOWN_DEVICE_THROTTLE: ThrottlePolicy = {
  freeFailures: 5,
  firstDelayMs: 30 * 1000,
  maxDelayMs: 15 * MINUTE,
  forgetAfterMs: 24 * 60 * MINUTE,
};

/** How long after the `failures`-th counted attempt the next one must wait. */
export function throttleWaitMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = failures - policy.freeFailures;
  // 2^doublings overflows to Infinity long after the cap; Math.min keeps the cap.
  return Math.min(policy.firstDelayMs * 2 ** doublings, policy.maxDelayMs);
}

export type ThrottleDecision =
  | { allowed: true; /** the counter once this attempt is counted */ failures: number }
  | { allowed: false; retryAfterMs: number };

/**
 * Whether an attempt may be made now, given the key's counter (undefined: no row yet) and when it was last
 * counted. An allowed attempt is counted before the password is checked; a success gives its place back.
 */
export function decideAttempt(
  counter: { failures: number; lastAttemptAt: number } | undefined,
  now: number,
  policy: ThrottlePolicy,
): ThrottleDecision {
  if (!counter || now - counter.lastAttemptAt >= policy.forgetAfterMs) return { allowed: true, failures: 1 };
  const waitMs = throttleWaitMs(counter.failures, policy);
  // A free place is never refused: a concurrent attempt that started later may have counted first, and
  // its `lastAttemptAt` then lies after this attempt's `now` (as it may between two instances' clocks).
  if (waitMs === 0) return { allowed: true, failures: counter.failures + 1 };
  const waitUntil = counter.lastAttemptAt + waitMs;
  if (now < waitUntil) return { allowed: false, retryAfterMs: waitUntil - now };
  return { allowed: true, failures: counter.failures + 1 };
}
