import { describe, expect, it } from 'vitest';
import {
  linePoints,
  maxUnitsOf,
  MAX_UNITS,
  monthlyLimitText,
  redemptionPoints,
  withinMonthlyLimit,
} from './shop.rules.js';
import { ZRedemptionCreate } from './shop.schemas.js';

describe('what a redemption costs', () => {
  it('prices a line as price × units and a redemption as its lines added up', () => {
    expect(linePoints({ pointsPrice: 120, quantity: 1 })).toBe(120);
    expect(linePoints({ pointsPrice: 30, quantity: 3 })).toBe(90);
    expect(
      redemptionPoints([
        { pointsPrice: 120, quantity: 1 },
        { pointsPrice: 30, quantity: 3 },
      ]),
    ).toBe(210);
    expect(redemptionPoints([])).toBe(0);
  });
});

describe('units per line', () => {
  it('lets a line take what is on the shelf, up to MAX_UNITS', () => {
    expect(MAX_UNITS).toBe(100);
    expect(maxUnitsOf(0)).toBe(0);
    expect(maxUnitsOf(2)).toBe(2);
    expect(maxUnitsOf(99)).toBe(99); // below the cap of the API
    expect(maxUnitsOf(100)).toBe(100); // at it
    expect(maxUnitsOf(101)).toBe(100); // above: the API refuses more than 100 in one line
  });

  it('is the same MAX_UNITS the API checks', () => {
    const line = (quantity: number) => ZRedemptionCreate.safeParse({ residentId: 1, lines: [{ itemId: 1, quantity }] });
    expect(line(MAX_UNITS).success).toBe(true);
    expect(line(MAX_UNITS + 1).success).toBe(false);
  });
});

describe('the monthly limit per resident', () => {
  it('allows units below and at the limit and refuses past it', () => {
    expect(withinMonthlyLimit(2, 0, 1)).toBe(true); // below
    expect(withinMonthlyLimit(2, 1, 1)).toBe(true); // reaches it
    expect(withinMonthlyLimit(2, 2, 1)).toBe(false); // past it
    expect(withinMonthlyLimit(2, 0, 3)).toBe(false); // one line asking for more than the limit
    expect(withinMonthlyLimit(null, 999, 100)).toBe(true); // no limit
  });

  it('states the limit the same way on the shelf and in a refusal', () => {
    expect(monthlyLimitText(1)).toBe('每人每月限兑 1 件');
    expect(monthlyLimitText(null)).toBe('');
    expect(monthlyLimitText(undefined)).toBe('');
  });
});
