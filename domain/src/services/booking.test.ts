import { describe, expect, it } from 'vitest';
import {
  BOOKING_STATES,
  BOOKING_STEPS,
  bookingLimitText,
  canTakeStep,
  isBookingLive,
  notEligibleText,
  serviceSessionBookability,
  type BookingState,
  type BookingStep,
} from './booking.js';

// 5 Dec 2026, 上午 08:30–11:30 in the county (00:30–03:30 UTC); booking opens 28 Nov 08:00 (00:00 UTC)
const session = {
  status: 'open' as const,
  bookingOpensAt: '2026-11-28T00:00:00.000Z',
  startsAt: '2026-12-05T00:30:00.000Z',
  endsAt: '2026-12-05T03:30:00.000Z',
  capacity: 25,
  booked: 13,
};
const at = (iso: string) => new Date(iso);

describe('whether a session can be booked now', () => {
  it('opens at the opening minute: not open a moment before, open at it and after', () => {
    expect(serviceSessionBookability(session, at('2026-11-27T23:59:59.999Z'))).toBe('not_open');
    expect(serviceSessionBookability(session, at('2026-11-28T00:00:00.000Z'))).toBe('open');
    expect(serviceSessionBookability(session, at('2026-11-28T00:00:00.001Z'))).toBe('open');
  });

  it('takes a walk-in before booking opens (at the desk on the day), never one after the end', () => {
    expect(serviceSessionBookability(session, at('2026-11-27T23:59:59.999Z'), { walkIn: true })).toBe('open');
    expect(serviceSessionBookability(session, at('2026-12-05T03:30:00.000Z'), { walkIn: true })).toBe('past');
  });

  it('stays open while the session runs, from its start until its end, and is past at the end', () => {
    expect(serviceSessionBookability(session, at('2026-12-05T00:29:59.999Z'))).toBe('open');
    expect(serviceSessionBookability(session, at(session.startsAt))).toBe('open');
    expect(serviceSessionBookability(session, at('2026-12-05T03:29:59.999Z'))).toBe('open');
    expect(serviceSessionBookability(session, at('2026-12-05T03:30:00.000Z'))).toBe('past');
    expect(serviceSessionBookability(session, at('2026-12-05T03:30:00.001Z'))).toBe('past');
  });

  it('is full when every place is booked: open one below capacity, full at it (and beyond)', () => {
    const now = at('2026-12-01T00:00:00.000Z');
    expect(serviceSessionBookability({ ...session, booked: 24 }, now)).toBe('open');
    expect(serviceSessionBookability({ ...session, booked: 25 }, now)).toBe('full');
    expect(serviceSessionBookability({ ...session, booked: 26 }, now)).toBe('full');
  });

  it('says cancelled before anything else, and past before not yet open or full', () => {
    const now = at('2026-12-01T00:00:00.000Z');
    expect(serviceSessionBookability({ ...session, status: 'cancelled', booked: 25 }, now)).toBe('cancelled');
    expect(serviceSessionBookability({ ...session, status: 'cancelled' }, at('2026-12-06T00:00:00Z'))).toBe(
      'cancelled',
    );
    expect(serviceSessionBookability({ ...session, booked: 25 }, at('2026-12-06T00:00:00Z'))).toBe('past');
    expect(
      serviceSessionBookability({ ...session, bookingOpensAt: '2026-12-10T00:00:00.000Z' }, at('2026-12-06T00:00:00Z')),
    ).toBe('past');
  });

  it('accepts the clock as milliseconds too', () => {
    expect(serviceSessionBookability(session, Date.parse('2026-11-28T00:00:00.000Z'))).toBe('open');
  });
});

describe('refusals in words', () => {
  it('names the age, or the community', () => {
    expect(notEligibleText('AGE', 60)).toBe('年满60周岁的老人才能预约（以服务当天计）');
    expect(notEligibleText('AGE', 65)).toBe('年满65周岁的老人才能预约（以服务当天计）');
    expect(notEligibleText('SCOPE', 60)).toBe('目前只对本社区居民开放');
  });

  it('names the monthly limit', () => {
    expect(bookingLimitText(1)).toBe('每人每月限预约 1 次');
    expect(bookingLimitText(2)).toBe('每人每月限预约 2 次');
  });
});

describe('a booking moves one step at a time, only from the states a step allows', () => {
  // Every state against every step: the whole table, so a changed rule shows here.
  const allowed: Record<BookingStep, BookingState[]> = {
    call: ['waiting'],
    away: ['waiting', 'called'],
    back: ['away'],
    serve: ['waiting', 'called', 'away'],
    noShow: ['waiting', 'called', 'away'],
    cancel: ['waiting', 'away'],
  };
  for (const step of Object.keys(allowed) as BookingStep[]) {
    it(`${step}: from ${allowed[step].join(', ')} and nothing else`, () => {
      for (const state of BOOKING_STATES) expect(canTakeStep(state, step)).toBe(allowed[step].includes(state));
    });
  }

  it('lands where it says: back from 暂离 is waiting again, not called', () => {
    expect(BOOKING_STEPS.back.to).toBe('waiting');
    expect(BOOKING_STEPS.serve.to).toBe('served');
    expect(BOOKING_STEPS.cancel.to).toBe('cancelled');
  });

  it('never leaves served, no_show or cancelled, and a served or missed booking keeps its place', () => {
    for (const state of ['served', 'no_show', 'cancelled'] as const)
      for (const step of Object.keys(BOOKING_STEPS) as BookingStep[]) expect(canTakeStep(state, step)).toBe(false);
    expect(BOOKING_STATES.filter(isBookingLive)).toEqual(['waiting', 'called', 'away', 'served', 'no_show']);
  });
});
