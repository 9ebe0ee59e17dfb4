import { describe, expect, it } from 'vitest';
import {
  checkVoucherCode,
  codeFromScan,
  codeGroups,
  formatCodeInput,
  makeVoucherCode,
  normalizeVoucherCode,
  VOUCHER_CODE_PATTERN,
} from './code.js';
import { hasExpired, offerStateAt, voucherStatusAt } from './vouchers.rules.js';
import { ZVoucherRedeem } from './vouchers.schemas.js';

describe('voucher codes', () => {
  it('draws 12 characters of the alphabet without 0, O, 1, I, L', () => {
    let n = 0;
    const code = makeVoucherCode(() => (n++ % 31) / 31);
    expect(code).toMatch(VOUCHER_CODE_PATTERN);
    expect(makeVoucherCode(() => 0.999999)).toBe('ZZZZZZZZZZZZ');
    expect(makeVoucherCode(() => 0)).toBe('222222222222');
  });

  it('normalises what was typed the way the API does', () => {
    expect(normalizeVoucherCode(' abcd-efgh jkmn ')).toBe('ABCDEFGHJKMN');
    expect(ZVoucherRedeem.parse({ code: 'abcd-efgh jkmn' }).code).toBe('ABCDEFGHJKMN');
  });

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

  it('accepts exactly 12 characters of the code alphabet, as the API does', () => {
    expect(checkVoucherCode(' abcd-efgh-jkmn ')).toEqual({ ok: true, code: 'ABCDEFGHJKMN' });
    expect(checkVoucherCode('23456789ABCD')).toEqual({ ok: true, code: '23456789ABCD' });
    for (const typed of ['ABCDEFGHJKM', 'ABCDEFGHJKMN', 'ABCDEFGHJKMNP']) {
      expect(checkVoucherCode(typed).ok).toBe(ZVoucherRedeem.safeParse({ code: typed }).success);
    }
  });

  it('says what is wrong with a code that cannot be right: 11 and 13 characters, a confusable letter', () => {
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

describe('expiry', () => {
  const until = '2026-12-31T15:59:59.000Z';
  it('is good before its end instant and over at it and after', () => {
    expect(hasExpired(until, '2026-12-31T15:59:58.999Z')).toBe(false); // before
    expect(hasExpired(until, until)).toBe(true); // at
    expect(hasExpired(until, '2026-12-31T16:00:00.000Z')).toBe(true); // after
    expect(hasExpired('2026-12-31T23:59:59+08:00', until)).toBe(true); // same instant, another offset
  });

  it('shows a resident their voucher as used, expired or good', () => {
    expect(voucherStatusAt({ status: 'issued', expiresAt: until }, '2026-12-01T00:00:00.000Z')).toBe('issued');
    expect(voucherStatusAt({ status: 'issued', expiresAt: until }, until)).toBe('expired');
    expect(voucherStatusAt({ status: 'redeemed', expiresAt: until }, '2027-01-01T00:00:00.000Z')).toBe('redeemed');
  });

  it('opens an offer while it is active, in date and not all claimed', () => {
    const offer = { status: 'active' as const, validUntil: until, remaining: 1 };
    const before = '2026-12-01T00:00:00.000Z';
    expect(offerStateAt(offer, before)).toBe('open');
    expect(offerStateAt({ ...offer, remaining: 0 }, before)).toBe('exhausted');
    expect(offerStateAt(offer, until)).toBe('expired');
    expect(offerStateAt({ ...offer, status: 'withdrawn' }, before)).toBe('withdrawn');
  });
});
