import { describe, expect, it } from 'vitest';
import { planRegeneration, type ExistingServiceSession } from './regenerate.js';
import { bookingOpensAt, generateServiceSessions, type ScheduleRule } from './schedule.js';

const rule = (daysOfMonth: number[], capacity = 25): ScheduleRule => ({
  kind: 'monthly',
  daysOfMonth,
  sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity }],
});
const desired = (r: ScheduleRule) =>
  generateServiceSessions(r, '2026-12-01', '2027-01-31').map((s) => ({
    ...s,
    bookingOpensAt: bookingOpensAt(s.date, { daysAhead: 7, time: '08:00' }),
  }));
const existingOf = (r: ScheduleRule, pinned: string[] = []): ExistingServiceSession[] =>
  desired(r).map((s, i) => ({ id: i + 1, ...s, pinned: pinned.includes(s.date) }));

// 10 December 2026, 10:00 in the county.
const NOW = '2026-12-10T02:00:00.000Z';

describe('regenerating sessions after an edit', () => {
  it('changes nothing when the rule is the same', () => {
    expect(planRegeneration(existingOf(rule([5, 15])), desired(rule([5, 15])), NOW)).toEqual({
      add: [],
      update: [],
      remove: [],
      keep: [],
    });
  });

  it('moves unbooked future dates, keeps a booked one, never touches the past', () => {
    const plan = planRegeneration(existingOf(rule([5, 15]), ['2027-01-15']), desired(rule([6, 16])), NOW);
    expect(plan.remove.map((s) => s.date)).toEqual(['2026-12-15', '2027-01-05']);
    expect(plan.keep.map((s) => s.date)).toEqual(['2027-01-15']);
    expect(plan.add.map((s) => s.date)).toEqual(['2026-12-16', '2027-01-06', '2027-01-16']);
    expect(plan.update).toEqual([]);
  });

  it('updates places in place when the date stays, except on a booked session', () => {
    const plan = planRegeneration(existingOf(rule([5, 15]), ['2026-12-15']), desired(rule([5, 15], 30)), NOW);
    expect(plan.update.map((s) => [s.id, s.date, s.capacity])).toEqual([
      [3, '2027-01-05', 30],
      [4, '2027-01-15', 30],
    ]);
    expect(plan.keep.map((s) => s.date)).toEqual(['2026-12-15']);
  });

  it('treats a session that starts exactly now as under way', () => {
    const at = desired(rule([10]))[0]!.startsAt;
    const plan = planRegeneration(existingOf(rule([10])), desired(rule([11])), at);
    expect(plan.remove.map((s) => s.date)).toEqual(['2027-01-10']);
    expect(plan.add.map((s) => s.date)).toEqual(['2026-12-11', '2027-01-11']);
  });
});
