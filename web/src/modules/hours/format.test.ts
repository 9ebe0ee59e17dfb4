import { describe, expect, it } from 'vitest';
import { hoursText, minutesText, monthOf, personPath, sourceText } from './format';

describe('volunteer hours on screen', () => {
  it('writes hours with one decimal and minutes in hours and minutes', () => {
    expect(hoursText(8.9)).toBe('8.9 小时');
    expect(hoursText(2)).toBe('2.0 小时');
    expect(minutesText(90)).toBe('1小时30分');
    expect(minutesText(120)).toBe('2小时');
    expect(minutesText(45)).toBe('45分');
    expect(minutesText(0)).toBe('0分');
  });

  it('names the source and the month around a date, February of a leap year included', () => {
    expect(sourceText({ source: 'shift' })).toBe('服务值班');
    expect(monthOf('2026-12-09')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('finds a person by the resident record, or by the login of a volunteer without one', () => {
    expect(personPath({ residentId: 7, userId: 12 })).toBe('residents/7');
    expect(personPath({ residentId: null, userId: 12 })).toBe('users/12');
  });
});
