import { describe, expect, it } from 'vitest';
import { capForCount, rateMerchant, workingDaysBetween } from './rating.js';

const asOf = new Date('2026-11-28T02:00:00Z');
const times = (n: number, quality: number | null, occurredAt = '2026-10-01T02:00:00Z') =>
  Array.from({ length: n }, () => ({ quality, occurredAt }));

describe('merchant stars', () => {
  it('gives no stars below the minimum count, whatever the quality', () => {
    const rating = rateMerchant(times(2, 5), asOf);
    expect(rating).toMatchObject({ stars: 0, count: 2, averageQuality: 5 });
    expect(rating.explanation).toBe('近12个月参与社区服务2次，平均质量5.0分，满3次后评星');
    expect(rateMerchant([], asOf)).toMatchObject({
      stars: 0,
      count: 0,
      averageQuality: null,
      explanation: '近12个月参与社区服务0次，满3次后评星',
    });
  });

  it('starts at exactly the minimum count', () => {
    expect(rateMerchant(times(3, 5), asOf)).toMatchObject({ stars: 3, count: 3 });
  });

  it('caps stars by participation at the count boundaries (5|6, 9|10)', () => {
    expect([5, 6, 9, 10].map(capForCount)).toEqual([3, 4, 4, 5]);
    expect(rateMerchant(times(5, 5), asOf).stars).toBe(3);
    expect(rateMerchant(times(6, 5), asOf).stars).toBe(4);
    expect(rateMerchant(times(9, 5), asOf).stars).toBe(4);
    expect(rateMerchant(times(10, 5), asOf).stars).toBe(5);
  });

  it('rounds the average half up, at the star boundary', () => {
    const at45 = [...times(5, 5), ...times(5, 4)]; // 4.5 → 5
    expect(rateMerchant(at45, asOf)).toMatchObject({ averageQuality: 4.5, stars: 5 });
    const below = [...times(4, 5), ...times(6, 4)]; // 4.4 → 4
    expect(rateMerchant(below, asOf)).toMatchObject({ averageQuality: 4.4, stars: 4 });
  });

  it('tells equal counts apart by quality', () => {
    expect(rateMerchant(times(10, 5), asOf).stars).toBe(5);
    expect(rateMerchant(times(10, 3), asOf).stars).toBe(3);
    expect(rateMerchant(times(10, 1), asOf).stars).toBe(1);
  });

  it('lets contributions older than 12 months fall out, and ignores ones not yet marked for quality', () => {
    const old = times(6, 5, '2025-11-27T02:00:00Z'); // 12 months and a day before
    const edge = times(1, 5, '2025-11-28T02:00:01Z'); // just inside
    expect(rateMerchant([...old, ...edge], asOf)).toMatchObject({ count: 1, stars: 0 });
    expect(rateMerchant([...times(3, null), ...times(2, 4)], asOf)).toMatchObject({ count: 2, stars: 0 });
  });

  it('explains itself in one sentence', () => {
    const nine = [...times(6, 5), ...times(3, 4)]; // 9 times, 4.7 → cap 4
    expect(rateMerchant(nine, asOf).explanation).toBe('近12个月参与社区服务9次，平均质量4.7分 → ★★★★');
  });
});

describe('working days', () => {
  it('skips weekends in the county calendar', () => {
    // Friday 27 Nov 10:00 → Monday 30 Nov 10:00 (county): one working day (Monday)
    expect(workingDaysBetween(new Date('2026-11-27T02:00:00Z'), new Date('2026-11-30T02:00:00Z'))).toBe(1);
    // Monday → Thursday: three
    expect(workingDaysBetween(new Date('2026-11-23T02:00:00Z'), new Date('2026-11-26T02:00:00Z'))).toBe(3);
    expect(workingDaysBetween(new Date('2026-11-23T02:00:00Z'), new Date('2026-11-23T09:00:00Z'))).toBe(0);
  });
});
