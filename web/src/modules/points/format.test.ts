// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  capReachedMessage,
  formatEntryTimeZh,
  formatFullDateZh,
  parseDeskInput,
  periodLabelZh,
  shiftMonth,
  signedPoints,
} from './format';

const NOW = new Date('2026-11-28T10:00:00Z');

describe('statement times', () => {
  it('shows the county date, weekday and part of the day', () => {
    // 2026-11-17 01:30Z is 09:30 on Tuesday 17 November in the county
    expect(formatEntryTimeZh('2026-11-17T01:30:00Z', NOW)).toBe('11月17日 周二 上午9:30');
    expect(formatEntryTimeZh('2026-11-17T06:05:00Z', NOW)).toBe('11月17日 周二 下午2:05');
    expect(formatEntryTimeZh('2026-11-17T04:00:00Z', NOW)).toBe('11月17日 周二 中午12:00');
    expect(formatEntryTimeZh('2026-11-17T12:15:00Z', NOW)).toBe('11月17日 周二 晚上8:15');
  });

  it('uses the county date at the day boundary and adds the year for another year', () => {
    // 16:30Z on 16 November is 00:30 on the 17th in the county
    expect(formatEntryTimeZh('2026-11-16T16:30:00Z', NOW)).toBe('11月17日 周二 凌晨0:30');
    expect(formatEntryTimeZh('2025-12-31T02:00:00Z', NOW)).toBe('2025年12月31日 周三 上午10:00');
  });

  it('gives full dates for versions and posters', () => {
    expect(formatFullDateZh('2026-08-30T18:06:32.325Z')).toBe('2026年8月31日');
  });
});

describe('amounts', () => {
  it('signs points with a real minus sign', () => {
    expect(signedPoints(5)).toBe('+5');
    expect(signedPoints(-30)).toBe('−30');
    expect(signedPoints(0)).toBe('0');
  });
});

describe('RULE_CAP_REACHED at the desk', () => {
  it('names the period in Chinese', () => {
    expect(capReachedMessage('环境整治', 'day', 2)).toBe('「环境整治」今天已达上限（最多2次），明天可以再发放');
    expect(capReachedMessage('环境整治', 'week', 5)).toBe('「环境整治」本周已达上限（最多5次），下周可以再发放');
    expect(capReachedMessage('读书会', 'month', 1)).toBe('「读书会」本月已达上限（最多1次），下个月可以再发放');
  });

  it('still says something sensible without a period', () => {
    expect(capReachedMessage('读书会', undefined, undefined)).toBe('「读书会」已达次数上限');
  });
});

describe('desk input', () => {
  it('treats 10 digits (as scanned, spaced or full-width) as a member code', () => {
    expect(parseDeskInput('4787808668')).toEqual({ kind: 'code', code: '4787808668' });
    expect(parseDeskInput(' 478 780 8668 ')).toEqual({ kind: 'code', code: '4787808668' });
    expect(parseDeskInput('４７８７８０８６６８')).toEqual({ kind: 'code', code: '4787808668' });
  });

  it('searches for anything else, and ignores blanks', () => {
    expect(parseDeskInput('萧淑')).toEqual({ kind: 'search', q: '萧淑' });
    expect(parseDeskInput('8668')).toEqual({ kind: 'search', q: '8668' });
    expect(parseDeskInput('   ')).toEqual({ kind: 'empty' });
  });
});

describe('honour roll periods', () => {
  it('steps months across year ends', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-11', 0)).toBe('2026-11');
  });

  it('labels periods', () => {
    expect(periodLabelZh('2026-03')).toBe('2026年3月');
    expect(periodLabelZh('2026')).toBe('2026年');
  });
});
