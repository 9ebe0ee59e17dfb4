// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { CHECKIN_POLL_MS, checkinUrl, clockSkew, nextCodeRefreshDelay, secondsLeft } from './checkinTiming';

const NOW = Date.parse('2026-12-08T01:00:00.000Z');

describe('check-in code refresh', () => {
  it('polls every 10 s while the code is good for longer', () => {
    expect(nextCodeRefreshDelay('2026-12-08T01:00:25.000Z', NOW)).toBe(CHECKIN_POLL_MS);
  });

  it('refreshes just after the expiry when that comes first', () => {
    expect(nextCodeRefreshDelay('2026-12-08T01:00:04.000Z', NOW)).toBe(4_300);
  });

  it('never spins: an expired code is fetched again after half a second', () => {
    expect(nextCodeRefreshDelay('2026-12-08T00:59:50.000Z', NOW)).toBe(500);
    expect(nextCodeRefreshDelay('not a time', NOW)).toBe(CHECKIN_POLL_MS);
  });

  it('corrects for a screen whose clock is wrong', () => {
    // the tablet is 20 s behind the server: the code has 5 s left, not 25
    expect(nextCodeRefreshDelay('2026-12-08T01:00:25.000Z', NOW, 20_000)).toBe(5_300);
    expect(secondsLeft('2026-12-08T01:00:25.000Z', NOW, 20_000)).toBe(5);
  });

  it('counts down in whole seconds and stops at zero', () => {
    expect(secondsLeft('2026-12-08T01:00:29.200Z', NOW)).toBe(30);
    expect(secondsLeft('2026-12-08T00:59:00.000Z', NOW)).toBe(0);
  });

  it('puts the code in the link the QR carries', () => {
    expect(checkinUrl('http://x.cn', 12, '012345')).toBe('http://x.cn/checkin/12?code=012345');
  });
});

describe('clock skew', () => {
  it('trusts the screen while the expiry is plausible, corrects it otherwise', () => {
    expect(clockSkew('2026-12-08T01:00:40.000Z', NOW)).toBe(0);
    expect(clockSkew('2026-12-08T01:01:20.000Z', NOW)).toBe(20_000);
    expect(clockSkew('2026-12-08T00:59:55.000Z', NOW)).toBe(-6_000);
  });
});
