import { describe, expect, it } from 'vitest';
import { parseHolidayLines } from './holidayPaste';

describe('pasting a year of holidays', () => {
  it('reads single days, ranges and 调休上班 days, and names the lines it cannot read', () => {
    const { entries, bad } = parseHolidayLines(
      [
        '2027-01-01 元旦',
        '',
        '2027-02-06~2027-02-08 春节',
        '2027-02-14 春节调休 上班',
        '２０２７-１０-０１ 国庆节',
        '元旦 2027-01-01',
        '2027-02-30 春节',
      ].join('\n'),
    );
    expect(entries).toEqual([
      { date: '2027-01-01', kind: 'off', name: '元旦' },
      { date: '2027-02-06', kind: 'off', name: '春节' },
      { date: '2027-02-07', kind: 'off', name: '春节' },
      { date: '2027-02-08', kind: 'off', name: '春节' },
      { date: '2027-02-14', kind: 'workday', name: '春节调休' },
      { date: '2027-10-01', kind: 'off', name: '国庆节' },
    ]);
    expect(bad).toEqual([
      { line: 6, text: '元旦 2027-01-01' },
      { line: 7, text: '2027-02-30 春节' },
    ]);
  });
});
