import { describe, expect, it } from 'vitest';
import { maskName } from './masking.js';

describe('maskName', () => {
  it('masks all but the family name of a two-character name', () => {
    expect(maskName('张三')).toBe('张*');
  });
  it('keeps the first and last character of longer names', () => {
    expect(maskName('王小丽')).toBe('王*丽');
    expect(maskName('欧阳明月')).toBe('欧**月');
  });
  it('never returns a one-character name unmasked', () => {
    expect(maskName('李')).toBe('李*');
  });
});
