import { describe, expect, it } from 'vitest';
import { ADDRESS_THROTTLE, decideAttempt, PHONE_THROTTLE, throttleWaitMs, type ThrottlePolicy } from './throttle.js';

const policy: ThrottlePolicy = { freeFailures: 3, firstDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 60_000 };

describe('throttleWaitMs', () => {
  it('lets the free attempts through, then doubles the wait up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100, 5000].map((n) => throttleWaitMs(n, policy))).toEqual([
      0, 0, 0, 1000, 2000, 4000, 5000, 5000, 5000, 5000,
    ]);
  });

  it('never waits longer than the cap: a phone is slowed down, never locked', () => {
    expect(throttleWaitMs(10_000, PHONE_THROTTLE)).toBe(15 * 60 * 1000);
    expect(throttleWaitMs(10_000, ADDRESS_THROTTLE)).toBe(5 * 60 * 1000);
  });
});

describe('decideAttempt', () => {
  it('counts a first attempt as one', () => {
    expect(decideAttempt(undefined, 0, policy)).toEqual({ allowed: true, failures: 1 });
  });

  it('allows the free attempts back to back', () => {
    expect(decideAttempt({ failures: 2, lastAttemptAt: 100 }, 100, policy)).toEqual({ allowed: true, failures: 3 });
  });

  it('never refuses a free place, even when another attempt counted "later" than this one began', () => {
    // Concurrent sign-ins: one that started after this one wrote the counter first (or another instance's clock runs ahead).
    expect(decideAttempt({ failures: 2, lastAttemptAt: 900 }, 100, policy)).toEqual({ allowed: true, failures: 3 });
    expect(decideAttempt({ failures: 3, lastAttemptAt: 900 }, 100, policy)).toMatchObject({ allowed: false });
  });

  it('refuses until the wait has passed, to the millisecond, and says how long is left', () => {
    expect(decideAttempt({ failures: 3, lastAttemptAt: 100 }, 1099, policy)).toEqual({
      allowed: false,
      retryAfterMs: 1,
    });
    expect(decideAttempt({ failures: 3, lastAttemptAt: 100 }, 1100, policy)).toEqual({ allowed: true, failures: 4 });
    expect(decideAttempt({ failures: 4, lastAttemptAt: 100 }, 1100, policy)).toEqual({
      allowed: false,
      retryAfterMs: 1000,
    });
  });

  it('forgets the counter after a quiet spell, not a millisecond before', () => {
    const longCap = { ...policy, maxDelayMs: 120_000 };
    expect(decideAttempt({ failures: 50, lastAttemptAt: 0 }, 59_999, longCap)).toEqual({
      allowed: false,
      retryAfterMs: 60_001,
    });
    expect(decideAttempt({ failures: 50, lastAttemptAt: 0 }, 60_000, longCap)).toEqual({ allowed: true, failures: 1 });
  });
});
