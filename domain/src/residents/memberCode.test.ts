import { describe, expect, it } from 'vitest';
import {
  isValidMemberCode,
  luhnCheckDigit,
  makeMemberCode,
  normalizeMemberCode,
  parseDeskInput,
} from './memberCode.js';

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

describe('member codes as typed or scanned', () => {
  it('reduces spaces, dashes and full-width digits to the 10 digits, or nothing', () => {
    expect(normalizeMemberCode('478-780-8668')).toBe('4787808668');
    expect(normalizeMemberCode(' ４７８７８０８６６８ ')).toBe('4787808668');
    expect(normalizeMemberCode('478780866')).toBeNull();
    expect(normalizeMemberCode('47878086681')).toBeNull();
    expect(normalizeMemberCode('47878O8668')).toBeNull();
  });

  it('treats 10 digits (as scanned, spaced or full-width) as a member code', () => {
    expect(parseDeskInput('4787808668')).toEqual({ kind: 'code', code: '4787808668' });
    expect(parseDeskInput(' 478 780 8668 ')).toEqual({ kind: 'code', code: '4787808668' });
    expect(parseDeskInput('４７８７８０８６６８')).toEqual({ kind: 'code', code: '4787808668' });
  });

  it('searches for anything else, and ignores blanks', () => {
    expect(parseDeskInput('萧淑')).toEqual({ kind: 'search', q: '萧淑' });
    expect(parseDeskInput('8668')).toEqual({ kind: 'search', q: '8668' });
    expect(parseDeskInput('   ')).toEqual({ kind: 'empty' });
  });
});
