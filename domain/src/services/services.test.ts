import { describe, expect, it } from 'vitest';
import { bookingOpensAt, checkEligibility, generateServiceSessions, monthRange, ruleDates } from './schedule.js';
import { coverageGaps, generateRota } from './rota.js';

const barbershop = {
  kind: 'monthly' as const,
  daysOfMonth: [5, 15],
  sessions: [
    { period: '上午', start: '08:30', end: '11:30', capacity: 25 },
    { period: '下午', start: '14:30', end: '17:00', capacity: 25 },
  ],
};

describe('session generation', () => {
  it('makes the 5th and 15th, morning and afternoon, 25 places each, in Asia/Shanghai', () => {
    const sessions = generateServiceSessions(barbershop, '2026-12-01', '2026-12-31');
    expect(sessions.map((s) => `${s.date} ${s.period}`)).toEqual([
      '2026-12-05 上午',
      '2026-12-05 下午',
      '2026-12-15 上午',
      '2026-12-15 下午',
    ]);
    expect(sessions[0]).toMatchObject({
      startsAt: '2026-12-05T00:30:00.000Z',
      endsAt: '2026-12-05T03:30:00.000Z',
      capacity: 25,
    });
    expect(sessions[1]!.startsAt).toBe('2026-12-05T06:30:00.000Z');
  });

  it('handles months of 28, 29, 30 and 31 days: a 31st exists only where the month has one', () => {
    const rule = { ...barbershop, daysOfMonth: [29, 30, 31] };
    expect(ruleDates(rule, ...(Object.values(monthRange('2026-02')) as [string, string]))).toEqual([]);
    expect(ruleDates(rule, ...(Object.values(monthRange('2028-02')) as [string, string]))).toEqual(['2028-02-29']);
    expect(ruleDates(rule, ...(Object.values(monthRange('2026-04')) as [string, string]))).toEqual([
      '2026-04-29',
      '2026-04-30',
    ]);
    expect(ruleDates(rule, ...(Object.values(monthRange('2026-12')) as [string, string]))).toEqual([
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
    ]);
  });

  it('makes weekly clinics on the named weekdays', () => {
    const clinic = {
      kind: 'weekly' as const,
      weekdays: [2, 4],
      sessions: [{ period: '上午', start: '09:00', end: '11:00', capacity: 10 }],
    };
    expect(generateServiceSessions(clinic, '2026-11-30', '2026-12-06').map((s) => s.date)).toEqual([
      '2026-12-01',
      '2026-12-03',
    ]);
  });

  it('skips a day off or moves it to the next working day, as the service says', () => {
    const calendar = [
      { date: '2027-02-05', kind: 'off' as const },
      { date: '2027-02-08', kind: 'off' as const },
    ];
    expect(generateServiceSessions(barbershop, '2027-02-01', '2027-02-28', { calendar }).map((s) => s.date)).toEqual([
      '2027-02-15',
      '2027-02-15',
    ]);
    // Friday 5th off, the weekend is not a working day, Monday 8th off too: Tuesday
    const moved = generateServiceSessions(barbershop, '2027-02-01', '2027-02-28', {
      calendar,
      holidayPolicy: 'next_day',
    });
    expect(moved[0]).toMatchObject({ date: '2027-02-09', movedFrom: '2027-02-05' });
  });

  it('moves onto a 调休 Saturday worked in exchange, and runs on a weekend rule date that is not a day off', () => {
    const calendar = [
      { date: '2027-02-05', kind: 'off' as const },
      { date: '2027-02-06', kind: 'workday' as const },
    ];
    const moved = generateServiceSessions(barbershop, '2027-02-01', '2027-02-10', {
      calendar,
      holidayPolicy: 'next_day',
    });
    expect(moved.map((s) => s.date)).toEqual(['2027-02-06', '2027-02-06']);
    const saturdays = { kind: 'weekly' as const, weekdays: [6], sessions: barbershop.sessions };
    expect(generateServiceSessions(saturdays, '2027-02-01', '2027-02-14', { calendar: [] }).map((s) => s.date)).toEqual(
      ['2027-02-06', '2027-02-06', '2027-02-13', '2027-02-13'],
    );
  });

  it('opens booking 7 days ahead at 08:00 in the county', () => {
    expect(bookingOpensAt('2026-12-05', { daysAhead: 7, time: '08:00' })).toBe('2026-11-28T00:00:00.000Z');
  });
});

describe('eligibility', () => {
  const service = { communityId: 3, eligibility: { minAge: 60, scope: 'community' as const } };
  it('accepts a senior on their 60th birthday and refuses them the day before', () => {
    expect(checkEligibility({ birthDate: '1966-12-05', communityId: 3 }, service, '2026-12-05')).toEqual({ ok: true });
    expect(checkEligibility({ birthDate: '1966-12-06', communityId: 3 }, service, '2026-12-05')).toEqual({
      ok: false,
      reason: 'AGE',
    });
  });
  it('counts a 29 February birthday as reached on 1 March in a common year', () => {
    expect(checkEligibility({ birthDate: '1967-03-01', communityId: 3 }, service, '2027-03-01')).toEqual({ ok: true });
    expect(checkEligibility({ birthDate: '1964-02-29', communityId: 3 }, service, '2024-02-28')).toEqual({
      ok: false,
      reason: 'AGE',
    });
  });
  it('refuses another community while the scope is the community, and accepts it once widened to the county', () => {
    expect(checkEligibility({ birthDate: '1950-01-01', communityId: 4 }, service, '2026-12-05')).toEqual({
      ok: false,
      reason: 'SCOPE',
    });
    expect(
      checkEligibility(
        { birthDate: '1950-01-01', communityId: 4 },
        { ...service, eligibility: { minAge: 60, scope: 'county' } },
        '2026-12-05',
      ),
    ).toEqual({ ok: true });
  });
});

describe('the rota', () => {
  const month = generateServiceSessions({ ...barbershop, daysOfMonth: [5, 15] }, '2026-12-01', '2026-12-31').map(
    (s, i) => ({
      key: `s${i}`,
      startsAt: s.startsAt,
      needed: 2,
    }),
  );
  const year = Array.from({ length: 12 }, (_, m) =>
    generateServiceSessions(
      barbershop,
      ...(Object.values(monthRange(`2027-${String(m + 1).padStart(2, '0')}`)) as [string, string]),
    ),
  )
    .flat()
    .map((s, i) => ({ key: `y${i}`, startsAt: s.startsAt, needed: 2 }));
  const six = [1, 2, 3, 4, 5, 6];

  it('shares shifts fairly: with everyone available the counts differ by at most one', () => {
    for (const sessions of [month, year]) {
      const rota = generateRota(sessions, six, () => true);
      const counts = six.map((id) => rota.filter((a) => a.volunteerId === id).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      expect(coverageGaps(sessions, rota)).toEqual([]);
      for (const s of sessions)
        expect(new Set(rota.filter((a) => a.sessionKey === s.key).map((a) => a.volunteerId)).size).toBe(2);
    }
  });

  it('respects availability and reports the sessions it could not cover', () => {
    const onlyMornings = new Set(month.filter((_, i) => i % 2 === 0).map((s) => s.key));
    const rota = generateRota(month, [1, 2, 3], (id, key) => id !== 3 || onlyMornings.has(key));
    expect(rota.filter((a) => a.volunteerId === 3).every((a) => onlyMornings.has(a.sessionKey))).toBe(true);
    const nobody = generateRota(month, [1], () => true);
    expect(coverageGaps(month, nobody)).toHaveLength(month.length);
    expect(coverageGaps(month, nobody)[0]).toMatchObject({ needed: 2, assigned: 1, missing: 1 });
  });
});
