// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatFen, formatYuan, signedPoints, yuanToFen } from './format';

describe('money in fen', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatFen(500)).toBe('¥5.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(123456)).toBe('¥1234.56');
    expect(formatFen(-250)).toBe('-¥2.50');
  });

  it('says voucher faces the short way', () => {
    expect(formatYuan(500)).toBe('5元');
    expect(formatYuan(850)).toBe('8.5元');
    expect(formatYuan(1234)).toBe('12.34元');
    expect(formatYuan(1000)).toBe('10元');
  });

  it('reads typed yuan into fen without floating point', () => {
    expect(yuanToFen('5')).toBe(500);
    expect(yuanToFen('8.5')).toBe(850);
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen(' ¥12.30 ')).toBe(1230);
    expect(yuanToFen('０.５')).toBe(50);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen('1.234')).toBeUndefined();
    expect(yuanToFen('-1')).toBeUndefined();
    expect(yuanToFen('')).toBeUndefined();
    expect(yuanToFen('abc')).toBeUndefined();
  });
});

describe('amounts', () => {
  it('signs points with a real minus sign', () => {
    expect(signedPoints(5)).toBe('+5');
    expect(signedPoints(-30)).toBe('−30');
    expect(signedPoints(0)).toBe('0');
  });
});
