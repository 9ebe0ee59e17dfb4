import { describe, expect, it } from 'vitest';
import { normalizePartnerPhone, ZPartnerUpdate } from './partners.schemas.js';

describe('normalizePartnerPhone', () => {
  it('takes a mobile as every phone here (11 digits, +86 and separators dropped)', () => {
    expect(normalizePartnerPhone('+86 139-0000-1234')).toBe('13900001234');
    expect(normalizePartnerPhone('１３９００００１２３４')).toBe('13900001234');
  });

  it('takes a landline with a 3- or 4-digit area code and a 7- or 8-digit number, with an extension', () => {
    expect(normalizePartnerPhone('0371-61234567')).toBe('0371-61234567');
    expect(normalizePartnerPhone('(010) 6123 4567')).toBe('010-61234567');
    expect(normalizePartnerPhone('03716123456')).toBe('0371-6123456');
    expect(normalizePartnerPhone('0371-61234567-801')).toBe('0371-61234567-801');
  });

  it('refuses what is neither', () => {
    for (const raw of [
      '12345',
      '61234567',
      '0371-0123456',
      '0371-612345678',
      '1290000123',
      '电话',
      '0371-6123456-123456',
    ])
      expect(normalizePartnerPhone(raw), raw).toBeNull();
  });

  it('lets an edit clear the phone with an empty string (null), and refuses an edit that changes nothing', () => {
    expect(ZPartnerUpdate.parse({ phone: '' })).toEqual({ phone: null });
    expect(ZPartnerUpdate.safeParse({}).success).toBe(false);
  });
});
