import { describe, expect, it } from 'vitest';
import { ZCenterUpdate } from './communities.schemas.js';
import { normalizePublicUrl } from './publicUrl.js';

describe('normalizePublicUrl', () => {
  it.each([
    ['https://zhongli.example.cn', 'https://zhongli.example.cn'],
    ['https://zhongli.example.cn/', 'https://zhongli.example.cn'],
    ['  http://192.168.1.20:3000//  ', 'http://192.168.1.20:3000'],
    ['HTTPS://Zhongli.Example.cn/county/', 'https://zhongli.example.cn/county'],
  ])('keeps %j as %j', (raw, expected) => {
    expect(normalizePublicUrl(raw)).toBe(expected);
  });

  it.each([
    '',
    'zhongli.example.cn',
    '//zhongli.example.cn',
    'ftp://zhongli.example.cn',
    'javascript:alert(1)',
    'https://zhongli.example.cn/?a=1',
    'https://zhongli.example.cn/#top',
    'https://user:pw@zhongli.example.cn',
    'https://zhongli example.cn',
    'https://',
  ])('refuses %j', (raw) => {
    expect(normalizePublicUrl(raw)).toBeUndefined();
  });
});

describe('ZCenterUpdate', () => {
  it('stores the normalised address, and null clears it', () => {
    expect(ZCenterUpdate.parse({ publicUrl: 'https://a.example/' })).toEqual({ publicUrl: 'https://a.example' });
    expect(ZCenterUpdate.parse({ publicUrl: null })).toEqual({ publicUrl: null });
  });

  it('refuses an address that is not absolute, and an empty change', () => {
    expect(ZCenterUpdate.safeParse({ publicUrl: '/menu' }).error?.issues[0]?.path).toEqual(['publicUrl']);
    expect(ZCenterUpdate.safeParse({}).success).toBe(false);
  });
});
