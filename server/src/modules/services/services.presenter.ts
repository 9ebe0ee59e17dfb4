import {
  maskName,
  maskPhone,
  type TMyBooking,
  type TPoolVolunteer,
  type TQueueEntry,
  type TService,
  type TServiceSession,
} from '@zhongli/domain';
import type { ServiceRow, SessionRow, queueOf, bookingsOfResident } from './services.repository.js';
import { scheduleOf } from './services.service.js';

export function presentService(s: ServiceRow): TService {
  const schedule = scheduleOf(s);
  return {
    id: s.id,
    name: s.name,
    communityId: s.community_id,
    communityName: s.community_name,
    venue: s.venue_name,
    priceFen: s.price_fen,
    eligibility: { minAge: s.min_age, scope: s.scope },
    bookingOpens: { daysAhead: s.booking_days_ahead, time: s.booking_time },
    volunteersPerSession: s.volunteers_per_session,
    monthlyLimit: s.monthly_limit,
    holidayPolicy: s.holiday_policy,
    schedule,
  };
}

export function presentSession(s: SessionRow): TServiceSession {
  return {
    id: s.id,
    serviceId: s.service_id,
    date: s.date,
    period: s.period,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    capacity: s.capacity,
    booked: s.booked,
    remaining: s.status === 'open' ? s.capacity - s.booked : 0,
    bookingOpensAt: s.booking_opens_at,
    status: s.status,
    cancelReason: s.cancel_reason,
    scope: s.scope,
  };
}

type QueueRow = Awaited<ReturnType<typeof queueOf>>[number];
export function presentQueueEntry(e: QueueRow): Omit<TQueueEntry, 'alsoToday'> {
  return {
    bookingId: e.id,
    queueNumber: e.queue_number,
    name: e.name,
    nameMasked: maskName(e.name),
    residentId: e.resident_id,
    walkIn: e.walk_in === 1,
    queueStatus: e.queue_status,
    calledAt: e.called_at,
    servedAt: e.served_at,
    feePaidFen: e.fee_paid_fen,
  };
}

type MyBooking = Awaited<ReturnType<typeof bookingsOfResident>>[number];
export function presentMyBooking(b: MyBooking): TMyBooking {
  return {
    id: b.id,
    queueNumber: b.queue_number,
    status: b.status,
    queueStatus: b.queue_status,
    session: {
      id: b.session_id,
      date: b.date,
      period: b.period,
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      status: b.session_status,
    },
    service: { id: b.service_id, name: b.service_name, venue: b.venue_name, priceFen: b.price_fen },
  };
}

export function presentVolunteer(v: { id: number; name: string; phone: string }): TPoolVolunteer {
  return { userId: v.id, name: v.name, phoneMasked: maskPhone(v.phone) };
}
