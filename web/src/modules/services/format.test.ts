// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/http';
import type { TService, TServiceSession } from '@zhongli/domain';
import {
  bookingErrorText,
  deskSessionChoice,
  eligibilityText,
  myBookingText,
  openingText,
  orderQueue,
  parseFeeYuan,
  priceText,
  scheduleDaysText,
  scheduleServiceSessionsText,
  serviceSessionState,
  serviceSessionStateText,
  serviceSessionTimeText,
  homeServiceTile,
  sessionOffer,
} from './format';

const barber: TService = {
  id: 1,
  name: '1元理发屋',
  communityId: 3,
  communityName: '苗圃社区',
  venue: '理发屋',
  venueId: null,
  priceFen: 100,
  residentNote: null,
  companionNote: null,
  eligibility: { minAge: 60, scope: 'community' },
  bookingOpens: { daysAhead: 7, time: '08:00' },
  volunteersPerSession: 2,
  monthlyLimit: null,
  holidayPolicy: 'skip',
  schedule: {
    kind: 'monthly',
    daysOfMonth: [5, 15],
    sessions: [
      { period: '上午', start: '08:30', end: '11:30', capacity: 25 },
      { period: '下午', start: '14:30', end: '17:00', capacity: 25 },
    ],
  },
};

// 5 Dec 2026, 上午 08:30–11:30 in the county (00:30–03:30 UTC); opens 28 Nov 08:00 (00:00 UTC)
const session: TServiceSession = {
  id: 10,
  serviceId: 1,
  date: '2026-12-05',
  period: '上午',
  startsAt: '2026-12-05T00:30:00.000Z',
  endsAt: '2026-12-05T03:30:00.000Z',
  capacity: 25,
  booked: 13,
  remaining: 12,
  bookingOpensAt: '2026-11-28T00:00:00.000Z',
  status: 'open',
  cancelReason: null,
  scope: 'community',
  completedAt: null,
};
const at = (iso: string) => Date.parse(iso);

describe('session wording', () => {
  it('says when the places open, on the county clock', () => {
    expect(openingText('2026-12-05', '2026-11-28T00:00:00.000Z')).toBe('12月5日的名额将于11月28日 08:00 开放');
  });

  it('moves from not yet open to open at the opening minute', () => {
    expect(serviceSessionState(session, at('2026-11-27T23:59:59Z'))).toBe('not_open');
    expect(serviceSessionStateText(session, at('2026-11-27T23:59:59Z'))).toBe('12月5日的名额将于11月28日 08:00 开放');
    expect(serviceSessionState(session, at('2026-11-28T00:00:00Z'))).toBe('open');
    expect(serviceSessionStateText(session, at('2026-11-28T00:00:00Z'))).toBe('剩余12个名额');
  });

  it('says full, cancelled (with the reason) and ended', () => {
    const now = at('2026-12-01T00:00:00Z');
    expect(serviceSessionStateText({ ...session, booked: 25, remaining: 0 }, now)).toBe('已满');
    expect(serviceSessionStateText({ ...session, status: 'cancelled', cancelReason: '理发师生病' }, now)).toBe(
      '已取消：理发师生病',
    );
    expect(serviceSessionStateText({ ...session, status: 'cancelled' }, now)).toBe('已取消');
    expect(serviceSessionStateText(session, at('2026-12-05T03:30:00Z'))).toBe('已结束');
  });

  it("marks the desk's sessions not yet open, full or cancelled, before anyone presses 代预约", () => {
    const before = at('2026-11-27T10:00:00Z');
    const when = '12月5日 周六 上午 8:30–11:30';
    expect(deskSessionChoice(session, { walkIn: true, now: before })).toEqual({
      id: 10,
      date: '2026-12-05',
      label: `${when}（11月28日 08:00 开放预约）`,
      text: when,
      bookable: false,
      disabled: true,
    });
    const open = deskSessionChoice(session, { walkIn: false, now: at('2026-11-28T00:00:00Z') });
    expect(open).toMatchObject({ label: `${when}（剩 12）`, bookable: true, disabled: false });
    const full = deskSessionChoice(
      { ...session, booked: 25, remaining: 0 },
      { walkIn: true, now: at('2026-12-01T00:00:00Z') },
    );
    expect(full).toMatchObject({ label: `${when}（已满）`, bookable: false, disabled: true });
    const off = deskSessionChoice({ ...session, status: 'cancelled' }, { walkIn: true, now: before });
    expect(off).toMatchObject({ label: `${when}（已取消）`, bookable: false, disabled: true });
    expect(deskSessionChoice(session, { walkIn: true, now: at('2026-12-05T03:30:00Z') })).toBeNull();
  });

  it('keeps a session opening later today choosable for 现场取号 only, where the desk hands out numbers', () => {
    // booking opens on the day at 08:00 (00:00 UTC); it is 07:50 on 5 Dec in the county
    const sameDay = { ...session, bookingOpensAt: '2026-12-05T00:00:00.000Z' };
    const early = at('2026-12-04T23:50:00Z');
    expect(deskSessionChoice(sameDay, { walkIn: true, now: early })).toMatchObject({
      bookable: false,
      disabled: false,
    });
    expect(deskSessionChoice(sameDay, { walkIn: false, now: early })).toMatchObject({ disabled: true });
  });

  it('shows times with 上午/下午 and a 12-hour clock', () => {
    expect(serviceSessionTimeText(session)).toBe('上午 8:30–11:30');
    expect(
      serviceSessionTimeText({ period: '下午', startsAt: '2026-12-05T06:30:00Z', endsAt: '2026-12-05T09:00:00Z' }),
    ).toBe('下午 2:30–5:00');
  });
});

describe('service wording', () => {
  it('says who may book, widening with the scope', () => {
    expect(eligibilityText(barber)).toBe('年满60周岁的苗圃社区居民');
    expect(eligibilityText({ ...barber, eligibility: { minAge: 60, scope: 'county' } })).toBe('年满60周岁的全县居民');
    expect(eligibilityText({ ...barber, eligibility: { minAge: null, scope: 'county' } })).toBe('全县居民');
  });

  it('prices: ¥1 and 免费', () => {
    expect(priceText(100)).toBe('¥1');
    expect(priceText(150)).toBe('¥1.50');
    expect(priceText(0)).toBe('免费');
  });

  it('describes the schedule', () => {
    expect(scheduleDaysText(barber.schedule)).toBe('每月5日、15日');
    expect(scheduleDaysText({ kind: 'weekly', weekdays: [2, 4], sessions: [] })).toBe('每周二、周四');
    expect(scheduleServiceSessionsText(barber.schedule)).toBe('上午 8:30–11:30、下午 2:30–5:00，每场25个名额');
  });
});

describe('refusals in plain words', () => {
  const refuse = (code: string, status: number, extra: Record<string, unknown> = {}) =>
    new ApiError(code, '服务器的话', status, [], extra);

  it('age and scope', () => {
    expect(bookingErrorText(refuse('NOT_ELIGIBLE', 403, { reason: 'AGE', minAge: 60 }))).toBe(
      '年满60周岁的老人才能预约（以服务当天计）',
    );
    expect(bookingErrorText(refuse('NOT_ELIGIBLE', 403, { reason: 'AGE', minAge: 65 }))).toContain('年满65周岁');
    expect(bookingErrorText(refuse('NOT_ELIGIBLE', 403, { reason: 'SCOPE' }))).toBe('目前只对本社区居民开放');
  });

  it('full, already booked, not open yet (with the opening time)', () => {
    expect(bookingErrorText(refuse('SESSION_FULL', 409))).toContain('约满');
    expect(bookingErrorText(refuse('ALREADY_BOOKED', 409, { queueNumber: 12 }))).toBe(
      '已经预约了这一场，排队号是 12 号，不用重复预约',
    );
    expect(bookingErrorText(refuse('LIMIT_REACHED', 409, { limit: 1 }))).toBe('每人每月限预约 1 次，本月不能再约了');
    // the limit comes from `limit`, never from the message text
    expect(bookingErrorText(new ApiError('LIMIT_REACHED', '每人每月限预约 1 次', 409))).toBe(
      '本月的预约次数已用完，本月不能再约了',
    );
    expect(
      bookingErrorText(refuse('BOOKING_NOT_OPEN', 409, { opensAt: '2026-11-28T00:00:00.000Z' }), {
        sessionDate: '2026-12-05',
      }),
    ).toBe('还没到预约时间：12月5日的名额将于11月28日 08:00 开放');
  });

  it('anything else: the server message', () => {
    expect(bookingErrorText(refuse('FORBIDDEN', 403))).toBe('服务器的话');
  });
});

describe('the queue', () => {
  const entry = (queueNumber: number, state: 'waiting' | 'called' | 'away' | 'served' | 'no_show') => ({
    queueNumber,
    state,
    servedAt: null,
    calledAt: null,
  });

  it('puts the called first, then the waiting by number, then 暂离, then the finished (latest first)', () => {
    const ordered = orderQueue([
      entry(5, 'served'),
      entry(9, 'waiting'),
      entry(3, 'away'),
      entry(7, 'waiting'),
      entry(6, 'called'),
      entry(2, 'no_show'),
      entry(4, 'served'),
    ]);
    expect(ordered.map((e) => `${e.queueNumber}${e.state[0]}`)).toEqual(['6c', '7w', '9w', '3a', '5s', '4s', '2n']);
  });

  it('calls whoever came back from 暂离 before new numbers, as the hall display says', () => {
    const ordered = orderQueue(
      [entry(7, 'waiting'), entry(3, 'waiting'), entry(9, 'waiting'), entry(6, 'called')],
      [9, 3],
    );
    expect(ordered.map((e) => e.queueNumber)).toEqual([6, 9, 3, 7]);
  });

  it('tells the resident where they stand', () => {
    expect(myBookingText('waiting')).toBe('已预约，等候叫号');
    expect(myBookingText('called', '理发屋')).toBe('已叫到，请到理发屋');
    expect(myBookingText('away')).toContain('暂离');
    expect(myBookingText('served')).toBe('已完成');
    expect(myBookingText('no_show')).toBe('未到（已过号）');
    expect(myBookingText('cancelled')).toBe('已取消');
  });

  it('reads the fee in yuan, as typed', () => {
    expect(parseFeeYuan('1')).toBe(100);
    expect(parseFeeYuan('1.00')).toBe(100);
    expect(parseFeeYuan('１.５')).toBe(150);
    expect(parseFeeYuan('¥2')).toBe(200);
    expect(parseFeeYuan('0')).toBe(0);
    expect(parseFeeYuan('')).toBeNull();
    expect(parseFeeYuan('-1')).toBeNull();
    expect(parseFeeYuan('一元')).toBeNull();
  });
});

describe('the resident home’s service tile', () => {
  it('takes its words from the services, and is absent without services', () => {
    expect(homeServiceTile([])).toBeNull();
    expect(homeServiceTile([{ ...barber, companionNote: '理发、问诊两不误：等候时可以去隔壁问诊。' }])).toEqual({
      title: '1元理发屋预约',
      label: '60岁以上老人 · 理发、问诊两不误',
    });
    expect(homeServiceTile([{ ...barber, name: '社区理发', eligibility: { minAge: null, scope: 'county' } }])).toEqual({
      title: '社区理发预约',
      label: '全县居民',
    });
    expect(homeServiceTile([barber, { ...barber, id: 2, name: '义诊' }])).toEqual({
      title: '社区服务预约',
      label: '1元理发屋、义诊',
    });
  });
});

describe('本月已约 up front', () => {
  const open: TServiceSession = {
    id: 7,
    serviceId: 1,
    date: '2026-12-15',
    period: '上午',
    startsAt: '2026-12-15T00:30:00.000Z',
    endsAt: '2026-12-15T03:30:00.000Z',
    capacity: 25,
    booked: 3,
    remaining: 22,
    bookingOpensAt: '2026-12-08T00:00:00.000Z',
    status: 'open',
    cancelReason: null,
    scope: 'community',
    completedAt: null,
  };
  const now = Date.parse('2026-12-10T02:00:00.000Z');
  it('offers no 预约 in a month whose limit is used, and does in another month or without a limit', () => {
    const used = { monthlyLimit: 1, months: [{ month: '2026-12', used: 1 }] };
    expect(sessionOffer(open, { booked: false, usage: used, now })).toBe('month-used');
    expect(sessionOffer(open, { booked: true, usage: used, now })).toBe('mine');
    expect(sessionOffer(open, { booked: false, usage: { monthlyLimit: 2, months: used.months }, now })).toBe('book');
    expect(sessionOffer(open, { booked: false, usage: { monthlyLimit: null, months: [] }, now })).toBe('book');
    expect(sessionOffer({ ...open, date: '2027-01-05' }, { booked: false, usage: used, now: now })).toBe('book');
    expect(sessionOffer(open, { booked: false, usage: used, now: Date.parse('2026-12-01T00:00:00Z') })).toBe('none');
  });
});
