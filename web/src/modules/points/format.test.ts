// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { limitReachedMessage } from './format';

describe('RULE_CAP_REACHED at the desk', () => {
  it('names the period in Chinese', () => {
    expect(limitReachedMessage('环境整治', 'day', 2)).toBe('「环境整治」今天已达上限（最多2次），明天可以再发放');
    expect(limitReachedMessage('环境整治', 'week', 5)).toBe('「环境整治」本周已达上限（最多5次），下周可以再发放');
    expect(limitReachedMessage('读书会', 'month', 1)).toBe('「读书会」本月已达上限（最多1次），下个月可以再发放');
  });

  it('still says something sensible without a period', () => {
    expect(limitReachedMessage('读书会', undefined, undefined)).toBe('「读书会」已达次数上限');
  });
});
