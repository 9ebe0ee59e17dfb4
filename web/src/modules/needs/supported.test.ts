// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { readSupported, rememberSupported } from './supported';

describe('remembered supports', () => {
  beforeEach(() => localStorage.clear());

  it('remembers per user', () => {
    rememberSupported(1, 10);
    rememberSupported(1, 11);
    rememberSupported(2, 12);
    expect([...readSupported(1)]).toEqual([10, 11]);
    expect([...readSupported(2)]).toEqual([12]);
    expect(readSupported(undefined).size).toBe(0);
  });

  it('survives a damaged entry', () => {
    localStorage.setItem('zhongli.supportedNeeds.1', '{not json');
    expect(readSupported(1).size).toBe(0);
    expect([...rememberSupported(1, 3)]).toEqual([3]);
  });
});
