import { describe, expect, it } from 'vitest';
import { callEntryStatus, describeCountyTimeRange, isCallSettled, outcomesReplaceableBy } from './calls.rules.js';

const created = '2026-12-03T02:00:00.000Z';

describe('callEntryStatus', () => {
  it('needs a call for a resident without a login, whatever else is known', () => {
    expect(callEntryStatus({ outcome: null, hasLogin: false, lastSeenAt: null, listCreatedAt: created })).toBe(
      'pending',
    );
    expect(
      callEntryStatus({
        outcome: null,
        hasLogin: false,
        lastSeenAt: '2026-12-04T00:00:00.000Z',
        listCreatedAt: created,
      }),
    ).toBe('pending');
  });

  it('needs a call when the app was never opened', () => {
    expect(callEntryStatus({ outcome: null, hasLogin: true, lastSeenAt: null, listCreatedAt: created })).toBe(
      'pending',
    );
  });

  it('needs a call when the app was last opened before the list, or at the very instant it was made', () => {
    expect(
      callEntryStatus({
        outcome: null,
        hasLogin: true,
        lastSeenAt: '2026-12-03T01:59:59.999Z',
        listCreatedAt: created,
      }),
    ).toBe('pending');
    expect(callEntryStatus({ outcome: null, hasLogin: true, lastSeenAt: created, listCreatedAt: created })).toBe(
      'pending',
    );
  });

  it('is seen once the app is opened a millisecond after the list was made', () => {
    expect(
      callEntryStatus({
        outcome: null,
        hasLogin: true,
        lastSeenAt: '2026-12-03T02:00:00.001Z',
        listCreatedAt: created,
      }),
    ).toBe('seen');
  });

  it('compares instants, not strings (PostgreSQL writes +00:00)', () => {
    expect(
      callEntryStatus({
        outcome: null,
        hasLogin: true,
        lastSeenAt: '2026-12-03T10:00:01+08:00',
        listCreatedAt: created,
      }),
    ).toBe('seen');
  });

  it('keeps a tick even when the app is opened later', () => {
    for (const outcome of ['told', 'unreachable'] as const) {
      expect(
        callEntryStatus({ outcome, hasLogin: true, lastSeenAt: '2026-12-05T00:00:00.000Z', listCreatedAt: created }),
      ).toBe(outcome);
    }
  });
});

describe('isCallSettled', () => {
  it('settles told and seen only', () => {
    expect(isCallSettled('told')).toBe(true);
    expect(isCallSettled('seen')).toBe(true);
    expect(isCallSettled('pending')).toBe(false);
    expect(isCallSettled('unreachable')).toBe(false);
  });
});

describe('outcomesReplaceableBy', () => {
  it('lets a later 已通知 replace 联系不上 and nothing else', () => {
    expect(outcomesReplaceableBy('told')).toEqual(['unreachable']);
    expect(outcomesReplaceableBy('unreachable')).toEqual([]);
  });
});

describe('describeCountyTimeRange', () => {
  it('reads the county clock (UTC+8), month and day without leading zeros', () => {
    expect(describeCountyTimeRange('2026-12-05T01:00:00.000Z', '2026-12-05T02:30:00.000Z')).toBe('12月5日 09:00–10:30');
  });

  it('names the end day when the range passes county midnight', () => {
    expect(describeCountyTimeRange('2026-12-05T15:00:00.000Z', '2026-12-05T16:30:00.000Z')).toBe(
      '12月5日 23:00–12月6日 00:30',
    );
  });
});
