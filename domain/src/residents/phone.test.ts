import { describe, expect, it } from 'vitest';
import { maskContactPhone, maskPhone, normalizeContactPhone, normalizePhone } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['0086-138-1234-5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['19912345678', '19912345678'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each(['12812345678', '1381234567', '138123456789', '23812345678', 'abc', '', '+1 138 1234 5678'])(
    'refuses %s',
    (raw) => {
      expect(normalizePhone(raw)).toBeNull();
    },
  );
});

describe('maskPhone', () => {
  it('shows the first three and last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });
});

describe('normalizeContactPhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['010-12345678', '01012345678'],
    ['(0571) 8888 8888', '057188888888'],
    ['0571-8888888', '05718888888'],
    ['+86 571 8888 8888', '057188888888'],
    ['８８８８８８８８', '88888888'],
    ['6543210', '6543210'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeContactPhone(raw)).toBe(expected);
  });

  it.each(['12812345678', '010-1234567', '0571-88888888888', '01234567', '123456', '0088888888', 'abc', '', '110'])(
    'refuses %s',
    (raw) => {
      expect(normalizeContactPhone(raw)).toBeNull();
    },
  );
});

describe('maskContactPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['01012345678', '010******78'],
    ['057188888888', '0571******88'],
    ['88888888', '******88'],
  ])('%s → %s', (phone, masked) => {
    expect(maskContactPhone(phone)).toBe(masked);
  });
});
