// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { checkVoucherCode, codeFromScan, codeGroups, formatCodeInput } from './code';

describe('voucher codes at the counter', () => {
  it('groups the code by four for reading aloud', () => {
    expect(codeGroups('ABCDEFGHJKMN')).toEqual(['ABCD', 'EFGH', 'JKMN']);
    expect(codeGroups('abcd-efgh jkmn')).toEqual(['ABCD', 'EFGH', 'JKMN']);
    expect(codeGroups('')).toEqual([]);
  });

  it('upper-cases and regroups what is typed, ignoring spaces and dashes', () => {
    expect(formatCodeInput('abcd')).toBe('ABCD');
    expect(formatCodeInput('abcde')).toBe('ABCD E');
    expect(formatCodeInput('ab-cd efgh-jkmn')).toBe('ABCD EFGH JKMN');
    expect(formatCodeInput('ABCD EFGH JKMN PQ')).toBe('ABCD EFGH JKMN');
    expect(formatCodeInput('ab#cd')).toBe('ABCD');
  });

  it('accepts exactly 12 characters of the code alphabet', () => {
    expect(checkVoucherCode(' abcd-efgh-jkmn ')).toEqual({ ok: true, code: 'ABCDEFGHJKMN' });
    expect(checkVoucherCode('23456789ABCD')).toEqual({ ok: true, code: '23456789ABCD' });
  });

  it('says what is wrong with a code that cannot be right', () => {
    expect(checkVoucherCode('')).toEqual({ ok: false, message: '请输入券码' });
    expect(checkVoucherCode('ABCDEFGHJKM')).toMatchObject({ ok: false, message: expect.stringContaining('11位') });
    expect(checkVoucherCode('ABCDEFGHJKMNP')).toMatchObject({ ok: false, message: expect.stringContaining('13位') });
    expect(checkVoucherCode('ABCDEFGHJKMO')).toMatchObject({ ok: false, message: expect.stringContaining('O') });
    expect(checkVoucherCode('ABCDEFGHJKM1')).toMatchObject({ ok: false, message: expect.stringContaining('1') });
  });

  it('reads the code out of a scanned QR, bare or in a link', () => {
    expect(codeFromScan('ABCDEFGHJKMN')).toBe('ABCDEFGHJKMN');
    expect(codeFromScan(' abcdefghjkmn\n')).toBe('ABCDEFGHJKMN');
    expect(codeFromScan('https://x.example/v/ABCDEFGHJKMN')).toBe('ABCDEFGHJKMN');
    expect(codeFromScan('https://x.example/v?code=ABCDEFGHJKMN')).toBe('ABCDEFGHJKMN');
  });
});
