import { describe, expect, it } from 'vitest';
import { periodText, presetPeriod } from './periods';

/** Instants at a county wall-clock time (UTC+8). */
const county = (date: string, time: string) => new Date(Date.parse(`${date}T${time}:00Z`) - 8 * 3_600_000);

describe('dashboard periods', () => {
  it('本周 runs Monday to Sunday in the county, even when UTC is still on the day before', () => {
    // Monday 7 December 2026, 00:30 in the county is Sunday 6 December in UTC
    expect(presetPeriod('week', county('2026-12-07', '00:30'))).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(presetPeriod('week', county('2026-12-13', '23:59'))).toEqual({ from: '2026-12-07', to: '2026-12-13' });
  });

  it('本月 and 上月 are calendar months, across a year end and February', () => {
    expect(presetPeriod('month', county('2027-01-01', '00:10'))).toEqual({ from: '2027-01-01', to: '2027-01-31' });
    expect(presetPeriod('lastMonth', county('2027-01-01', '00:10'))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetPeriod('lastMonth', county('2028-03-15', '12:00'))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('writes a period the way staff say it', () => {
    expect(periodText({ from: '2026-12-01', to: '2026-12-31' })).toBe('12月1日–12月31日');
    expect(periodText({ from: '2026-12-28', to: '2027-01-03' })).toBe('2026年12月28日–2027年1月3日');
    expect(periodText({ from: '2026-12-05', to: '2026-12-05' })).toBe('12月5日');
  });
});
