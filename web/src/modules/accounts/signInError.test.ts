import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/http';
import { signInErrorMessage } from './signInError';

const limited = (extra: Record<string, unknown>) =>
  new ApiError('RATE_LIMITED', '尝试次数过多，请稍后再试', 429, [], extra);

describe('signInErrorMessage', () => {
  it('says how long to wait, in seconds under a minute and in whole minutes (rounded up) from a minute', () => {
    expect(signInErrorMessage(limited({ retryAfterSeconds: 30 }))).toBe('尝试次数过多，请30秒后再试');
    expect(signInErrorMessage(limited({ retryAfterSeconds: 59 }))).toBe('尝试次数过多，请59秒后再试');
    expect(signInErrorMessage(limited({ retryAfterSeconds: 60 }))).toBe('尝试次数过多，请1分钟后再试');
    expect(signInErrorMessage(limited({ retryAfterSeconds: 61 }))).toBe('尝试次数过多，请2分钟后再试');
    expect(signInErrorMessage(limited({ retryAfterSeconds: 900 }))).toBe('尝试次数过多，请15分钟后再试');
  });

  it("falls back to the server's message", () => {
    expect(signInErrorMessage(limited({}))).toBe('尝试次数过多，请稍后再试');
    expect(signInErrorMessage(new ApiError('INVALID_CREDENTIALS', '手机号或密码不正确', 401))).toBe(
      '手机号或密码不正确',
    );
  });
});
