import { describe, expect, it } from 'vitest';
import { ageOn } from './age.js';

describe('ageOn', () => {
  it('is 59 the day before the 60th birthday and 60 on it', () => {
    expect(ageOn('1966-12-05', '2026-12-04')).toBe(59);
    expect(ageOn('1966-12-05', '2026-12-05')).toBe(60);
    expect(ageOn('1966-12-05', '2026-12-06')).toBe(60);
  });

  it('treats a 29 February birthday as reached on 1 March in common years', () => {
    expect(ageOn('1964-02-29', '2024-02-28')).toBe(59);
    expect(ageOn('1964-02-29', '2024-02-29')).toBe(60); // leap year: the birthday itself
    expect(ageOn('1960-02-29', '2020-02-29')).toBe(60);
    expect(ageOn('1965-02-28', '2025-02-28')).toBe(60);
    expect(ageOn('1964-02-29', '2025-02-28')).toBe(60); // already 60 since 2024
    expect(ageOn('1965-02-28', '2025-02-27')).toBe(59);
  });

  it('counts a leap-day baby turning 60 in a common year on 1 March', () => {
    expect(ageOn('1968-02-29', '2028-02-28')).toBe(59); // 2028 is a leap year
    expect(ageOn('1968-02-29', '2028-02-29')).toBe(60);
    expect(ageOn('1972-02-29', '2032-02-29')).toBe(60);
    expect(ageOn('1964-02-29', '2023-02-28')).toBe(58);
    expect(ageOn('1964-02-29', '2023-03-01')).toBe(59);
  });

  it('is 0 on the day of birth and refuses impossible dates', () => {
    expect(ageOn('2026-11-28', '2026-11-28')).toBe(0);
    expect(() => ageOn('1950-02-30', '2026-01-01')).toThrow(RangeError);
  });
});
