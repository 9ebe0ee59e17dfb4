import { describe, expect, it } from 'vitest';
import { checkIdNumber, idNumberCheckCharacter, maskIdNumber, normalizeIdNumber } from './idNumber.js';

const TODAY = '2026-11-28';

describe('checkIdNumber', () => {
  it('accepts the engineering guide example and derives birth date, gender and mask', () => {
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female', // sequence 002: even
      masked: '1101**************',
    });
  });

  it('accepts a lower-case x and full-width digits, as typed on Chinese keyboards', () => {
    const fullWidth = '１１０１０５１９４９１２３１００２ｘ';
    const result = checkIdNumber(fullWidth, TODAY);
    expect(result).toMatchObject({ ok: true, normalized: '11010519491231002X' });
    expect(checkIdNumber('11010519491231002x', TODAY)).toMatchObject({ ok: true });
    expect(checkIdNumber(' 110105 19491231 002X ', TODAY)).toMatchObject({ ok: true });
  });

  it('rejects a wrong check character', () => {
    expect(checkIdNumber('110105194912310021', TODAY)).toEqual({ ok: false, problem: 'CHECKSUM' });
  });

  it('rejects wrong lengths and characters', () => {
    expect(checkIdNumber('11010519491231002', TODAY)).toEqual({ ok: false, problem: 'FORMAT' });
    expect(checkIdNumber('11010519491231002XX', TODAY)).toEqual({ ok: false, problem: 'FORMAT' });
    expect(checkIdNumber('1101051949123100X2', TODAY)).toEqual({ ok: false, problem: 'FORMAT' });
    expect(checkIdNumber('', TODAY)).toEqual({ ok: false, problem: 'FORMAT' });
  });

  it('rejects impossible dates even with a correct check character', () => {
    const feb30 = '11010519490230002';
    expect(checkIdNumber(feb30 + idNumberCheckCharacter(feb30), TODAY)).toEqual({ ok: false, problem: 'BIRTH_DATE' });
    const feb29Common = '11010519490229002';
    expect(checkIdNumber(feb29Common + idNumberCheckCharacter(feb29Common), TODAY)).toEqual({
      ok: false,
      problem: 'BIRTH_DATE',
    });
    const feb29Leap = '11010519480229002';
    expect(checkIdNumber(feb29Leap + idNumberCheckCharacter(feb29Leap), TODAY)).toMatchObject({
      ok: true,
      birthDate: '1948-02-29',
    });
  });

  it('rejects birth dates after today, and accepts one born today', () => {
    const tomorrow = '11010520261129001';
    expect(checkIdNumber(tomorrow + idNumberCheckCharacter(tomorrow), TODAY)).toEqual({
      ok: false,
      problem: 'FUTURE_BIRTH_DATE',
    });
    const today = '11010520261128001';
    expect(checkIdNumber(today + idNumberCheckCharacter(today), TODAY)).toMatchObject({ ok: true, gender: 'male' });
  });
});

describe('masking and normalising', () => {
  it('keeps only the first four characters: nothing of the birth date, sequence or check character', () => {
    expect(maskIdNumber('142623195001011234')).toBe('1426**************');
    // Two people born the same day in the same place share one mask.
    expect(maskIdNumber('142623195001011234')).toBe(maskIdNumber('14262319500101999X'));
  });
  it('normalises full-width, spaces and case', () => {
    expect(normalizeIdNumber('１４２６ ２３１９５００１０１１２３ｘ')).toBe('14262319500101123X');
  });
});
