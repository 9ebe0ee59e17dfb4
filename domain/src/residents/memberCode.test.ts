import { describe, expect, it } from 'vitest';
import { isValidMemberCode, luhnCheckDigit, makeMemberCode } from './memberCode.js';

describe('member codes', () => {
  it('makes 10-digit codes without a leading zero that pass their own check', () => {
    for (let i = 0; i < 200; i++) {
      const code = makeMemberCode();
      expect(code).toMatch(/^[1-9]\d{9}$/);
      expect(isValidMemberCode(code)).toBe(true);
    }
  });
  it('uses the Luhn check digit (79927398713 is the textbook example)', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
  });
  it('catches a single mistyped digit and a swap of neighbours', () => {
    const code = makeMemberCode(() => 0.37);
    const typo = code.slice(0, 3) + String((Number(code[3]) + 1) % 10) + code.slice(4);
    expect(isValidMemberCode(typo)).toBe(false);
    const digits = code.split('');
    const i = digits.findIndex((d, k) => k < 8 && d !== digits[k + 1]);
    if (i >= 0) {
      [digits[i], digits[i + 1]] = [digits[i + 1]!, digits[i]!];
      // Luhn misses only the 0↔9 swap; the fixed random above never produces it.
      expect(isValidMemberCode(digits.join(''))).toBe(false);
    }
  });
});
