import { describe, expect, it } from 'vitest';
import type { TService } from '@zhongli/domain';
import { createBodyOf, emptyServiceForm, parseDaysOfMonth, serviceFormOf, updateBodyOf } from './serviceForm';

const barbershop: TService = {
  id: 1,
  name: '1元理发屋',
  communityId: 2,
  communityName: '苗圃社区',
  venue: '理发室',
  venueId: 3,
  priceFen: 100,
  residentNote: '请在一楼大厅等候',
  companionNote: null,
  eligibility: { minAge: 60, scope: 'community' },
  bookingOpens: { daysAhead: 7, time: '08:00' },
  volunteersPerSession: 2,
  monthlyLimit: 1,
  holidayPolicy: 'skip',
  schedule: {
    kind: 'monthly',
    daysOfMonth: [5, 15],
    sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 25 }],
  },
};

describe('the service form', () => {
  it('reads days of the month as staff type them', () => {
    expect(parseDaysOfMonth('5、15')).toEqual([5, 15]);
    expect(parseDaysOfMonth('１５号, 5日')).toEqual([5, 15]);
    expect(parseDaysOfMonth('')).toEqual([]);
    expect(parseDaysOfMonth('5、十五')).toEqual([5, Number.NaN]);
  });

  it('turns 元 into 分 and refuses a price that is not an amount by making it negative', () => {
    expect(createBodyOf({ ...emptyServiceForm(), priceYuan: '1.5' }).priceFen).toBe(150);
    expect(createBodyOf({ ...emptyServiceForm(), priceYuan: '一元' }).priceFen).toBe(-1);
  });

  it('sends only what changed, and applyToOpenSessions whenever asked for a county-wide service', () => {
    const form = serviceFormOf(barbershop);
    expect(updateBodyOf(barbershop, form, true)).toEqual({});
    const countyWide = { ...barbershop, eligibility: { ...barbershop.eligibility, scope: 'county' as const } };
    expect(updateBodyOf(countyWide, serviceFormOf(countyWide), true)).toEqual({ applyToOpenSessions: true });
    expect(updateBodyOf(countyWide, serviceFormOf(countyWide), false)).toEqual({});
    expect(updateBodyOf(barbershop, { ...form, daysText: '6、16', companionNote: '理发、问诊两不误' }, true)).toEqual({
      schedule: { daysOfMonth: [6, 16], sessions: barbershop.schedule.sessions },
      companionNote: '理发、问诊两不误',
    });
    expect(updateBodyOf(barbershop, { ...form, scope: 'county', residentNote: '' }, true)).toEqual({
      eligibility: { minAge: 60, scope: 'county' },
      residentNote: null,
      applyToOpenSessions: true,
    });
    expect(updateBodyOf(barbershop, { ...form, venueId: undefined }, false)).toEqual({ venue: null });
  });
});
