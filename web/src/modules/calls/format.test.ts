import { describe, expect, it } from 'vitest';
import { phoneText } from './format';

describe('phoneText', () => {
  it.each([
    ['13812345678', '138 1234 5678'],
    ['01012345678', '010 12345678'],
    ['02112345678', '021 12345678'],
    ['057188888888', '0571 88888888'],
    ['88886666', '88886666'],
  ])('%s → %s', (phone, text) => {
    expect(phoneText(phone)).toBe(text);
  });
});
