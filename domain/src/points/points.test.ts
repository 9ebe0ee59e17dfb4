import { describe, expect, it } from 'vitest';
import { isoWeekKey, periodKeysAt } from './periods.js';
import { canReverseEntry, describeLimits, exceededLimit, isReversibleKind, LEDGER_KINDS } from './points.rules.js';
import { canonicalEntry } from './ledger.js';
import { ZPointsAdjustment, ZPointsRuleInput } from './points.schemas.js';

describe('limit periods in the county calendar', () => {
  it('numbers ISO weeks across year ends', () => {
    expect(isoWeekKey('2026-11-28')).toBe('2026-W48'); // Saturday
    expect(isoWeekKey('2026-11-30')).toBe('2026-W49'); // Monday starts a week
    expect(isoWeekKey('2026-12-31')).toBe('2026-W53'); // Thursday: 2026 has 53 weeks
    expect(isoWeekKey('2027-01-03')).toBe('2026-W53'); // Sunday still belongs to 2026-W53
    expect(isoWeekKey('2027-01-04')).toBe('2027-W01');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01'); // Monday in December, week 1 of next year
    expect(isoWeekKey('2021-01-03')).toBe('2020-W53');
  });

  it('switches day, week and month at midnight in Asia/Shanghai, not UTC', () => {
    expect(periodKeysAt(new Date('2026-11-29T15:59:59.999Z'))).toEqual({
      day: '2026-11-29',
      week: '2026-W48',
      month: '2026-11',
    });
    expect(periodKeysAt(new Date('2026-11-29T16:00:00.000Z'))).toEqual({
      day: '2026-11-30',
      week: '2026-W49',
      month: '2026-11',
    });
    expect(periodKeysAt(new Date('2026-11-30T16:00:00.000Z'))).toEqual({
      day: '2026-12-01',
      week: '2026-W49',
      month: '2026-12',
    });
    expect(periodKeysAt(new Date('2028-02-28T16:00:00.000Z')).day).toBe('2028-02-29');
  });
});

describe('limits', () => {
  const limits = { perDay: 2, perWeek: 5, perMonth: null };
  it('allows an award while below the limit and refuses at it', () => {
    expect(exceededLimit(limits, { day: 1, week: 1, month: 1 })).toBeNull(); // below
    expect(exceededLimit(limits, { day: 2, week: 2, month: 2 })).toBe('perDay'); // at the day limit
    expect(exceededLimit(limits, { day: 0, week: 5, month: 5 })).toBe('perWeek');
    expect(exceededLimit(limits, { day: 0, week: 4, month: 999 })).toBeNull(); // null = unlimited
  });
  it('states limits in plain words, unlimited once', () => {
    expect(describeLimits(limits)).toBe('每天最多2次，每周最多5次');
    expect(describeLimits({ perDay: null, perWeek: null, perMonth: null })).toBe('不限次数');
  });
});

describe('the canonical ledger entry', () => {
  const base = {
    residentId: 1,
    seq: 1,
    delta: 5,
    kind: 'award',
    ruleId: null,
    refType: null,
    refId: null,
    actorUserId: 2,
    idempotencyKey: 'k',
    createdAt: '2026-11-28T02:00:00.000Z',
  };
  it('differs whenever a field differs, and cannot be forged by a separator inside a field', () => {
    expect(canonicalEntry(base)).not.toBe(canonicalEntry({ ...base, delta: 50 }));
    expect(canonicalEntry({ ...base, refType: 'a|b', refId: 'c' })).not.toBe(
      canonicalEntry({ ...base, refType: 'a', refId: 'b|c' }),
    );
    expect(canonicalEntry({ ...base, refType: null })).not.toBe(canonicalEntry({ ...base, refType: 'x' }));
  });
});

describe('points input', () => {
  it.each([0, -1, 1.5, 1001, '5', null])('refuses %s points for a rule', (points) => {
    expect(ZPointsRuleInput.safeParse({ code: 'A', name: '甲', category: '其他', points }).success).toBe(false);
  });
  it('accepts 1 and 1000 points, the edges', () => {
    expect(ZPointsRuleInput.safeParse({ code: 'A', name: '甲', category: '其他', points: 1 }).success).toBe(true);
    expect(ZPointsRuleInput.safeParse({ code: 'A', name: '甲', category: '其他', points: 1000 }).success).toBe(true);
  });
  it('refuses a zero adjustment and accepts ±10000', () => {
    expect(ZPointsAdjustment.safeParse({ residentId: 1, delta: 0, reason: 'x' }).success).toBe(false);
    expect(ZPointsAdjustment.safeParse({ residentId: 1, delta: -10000, reason: 'x' }).success).toBe(true);
    expect(ZPointsAdjustment.safeParse({ residentId: 1, delta: 10001, reason: 'x' }).success).toBe(false);
  });
});

describe('reversals', () => {
  it('correct awards and adjustments only: spending is undone by its own flow', () => {
    expect(LEDGER_KINDS.filter(isReversibleKind)).toEqual(['award', 'adjustment']);
  });
  it('reverse an entry once', () => {
    expect(canReverseEntry({ kind: 'award', reversedBy: null })).toBe(true);
    expect(canReverseEntry({ kind: 'award', reversedBy: 41 })).toBe(false);
    expect(canReverseEntry({ kind: 'reversal', reversedBy: null })).toBe(false);
    expect(canReverseEntry({ kind: 'redemption', reversedBy: null })).toBe(false);
  });
});
