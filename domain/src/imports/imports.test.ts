import { describe, expect, it } from 'vitest';
import { isBlankRow, MAX_OPENING_POINTS, normalizeCell, parseOpeningPoints } from './imports.rules.js';

describe('reading an import cell', () => {
  it('makes full-width digits half-width and stray spaces one', () => {
    expect(normalizeCell('　１３８ ０013  8000 ')).toBe('138 0013 8000');
    expect(normalizeCell('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeCell(' 张  秀英 ')).toBe('张 秀英');
  });

  it('reads numbers, dates and nothing', () => {
    expect(normalizeCell(120)).toBe('120');
    expect(normalizeCell(new Date(Date.UTC(1950, 2, 1)))).toBe('1950-03-01');
    expect(normalizeCell(null)).toBe('');
    expect(normalizeCell(undefined)).toBe('');
  });

  it('skips a row only when every cell is empty', () => {
    expect(isBlankRow({ a: '', b: '' })).toBe(true);
    expect(isBlankRow({ a: '', b: 'x' })).toBe(false);
  });
});

describe('opening points', () => {
  it('takes whole numbers from 1 to the maximum, commas allowed', () => {
    expect(parseOpeningPoints('1')).toBe(1);
    expect(parseOpeningPoints('1,500')).toBe(1500);
    expect(parseOpeningPoints('1，500')).toBe(1500);
    expect(parseOpeningPoints(String(MAX_OPENING_POINTS))).toBe(MAX_OPENING_POINTS);
  });

  it('refuses zero, negatives, fractions, words and more than the maximum', () => {
    for (const raw of ['0', '-3', '2.5', '十', '', String(MAX_OPENING_POINTS + 1), '12345678'])
      expect(parseOpeningPoints(raw), raw).toBeNull();
  });
});
