// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { countyInstant } from '@zhongli/domain';
import { countyDateAndTime, formatActivityWhen, formatTimeRange, placesText, registrationText } from './format';

const NOW = new Date('2026-11-28T10:00:00Z');

describe('activity times', () => {
  it('shows the county day, weekday and a 上午/下午 range', () => {
    expect(formatActivityWhen('2026-12-08T09:00:00+08:00', '2026-12-08T11:00:00+08:00', NOW)).toBe(
      '12月8日 周二 上午 9:00–11:00',
    );
    expect(formatActivityWhen('2026-12-08T06:30:00Z', '2026-12-08T08:00:00Z', NOW)).toBe('12月8日 周二 下午 2:30–4:00');
  });

  it('names the end part of the day only when it changes', () => {
    expect(formatTimeRange('2026-12-08T11:00:00+08:00', '2026-12-08T13:30:00+08:00')).toBe('上午 11:00–下午 1:30');
    expect(formatTimeRange('2026-12-08T19:00:00+08:00', '2026-12-08T20:30:00+08:00')).toBe('晚上 7:00–8:30');
  });

  it('uses the county date across the UTC day boundary and adds another year', () => {
    // 16:30Z on 7 December is 00:30 on the 8th in the county
    expect(formatActivityWhen('2026-12-07T16:30:00Z', '2026-12-07T17:00:00Z', NOW)).toBe('12月8日 周二 凌晨 0:30–1:00');
    expect(formatActivityWhen('2027-01-05T01:00:00Z', '2027-01-05T02:00:00Z', NOW)).toBe(
      '2027年1月5日 周二 上午 9:00–10:00',
    );
  });

  it('round-trips form fields through the county offset', () => {
    expect(countyDateAndTime('2026-12-07T16:30:00Z')).toEqual({ date: '2026-12-08', time: '00:30' });
    expect(countyInstant('2026-12-08', '09:00')).toBe('2026-12-08T01:00:00.000Z');
  });
});

describe('places and registrations', () => {
  it('says what is left, full with a waitlist, or unlimited', () => {
    expect(placesText({ capacity: 20, remaining: 5, waitlisted: 0 })).toBe('还剩 5 个名额');
    expect(placesText({ capacity: 20, remaining: 0, waitlisted: 0 })).toBe('已满，可候补');
    expect(placesText({ capacity: 20, remaining: 0, waitlisted: 3 })).toBe('已满，可候补（3人候补中）');
    expect(placesText({ capacity: null, remaining: null, waitlisted: 0 })).toBe('不限名额');
  });

  it('names the waitlist position', () => {
    expect(registrationText('registered')).toBe('已报名');
    expect(registrationText('waitlisted', 2)).toBe('候补第2位');
  });
});
