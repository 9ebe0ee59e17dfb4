import {
  maskName,
  maskPhone,
  type TCoverageGap,
  type TMyBooking,
  type TMyShift,
  type TPoolVolunteer,
  type TQueueEntry,
  type TRoster,
  type TRotaChange,
  type TService,
  type TServiceSession,
  type TServiceSessionQueue,
} from '@zhongli/domain';
import type { queueView } from './bookings.service.js';
import type { gaps, myRotaChanges, myShifts, roster } from './rota.service.js';
import type { ServiceRow, ServiceSessionRow, queueOf, bookingsOfResident } from './services.repository.js';
import { scheduleOf } from './services.service.js';

export function presentService(s: ServiceRow): TService {
  const schedule = scheduleOf(s);
  return {
    id: s.id,
    name: s.name,
    communityId: s.community_id,
    communityName: s.community_name,
    venue: s.venue_name,
    venueId: s.venue_id,
    priceFen: s.price_fen,
    residentNote: s.resident_note,
    companionNote: s.companion_note,
    eligibility: { minAge: s.min_age, scope: s.scope },
    bookingOpens: { daysAhead: s.booking_days_ahead, time: s.booking_time },
    volunteersPerSession: s.volunteers_per_session,
    monthlyLimit: s.monthly_limit,
    holidayPolicy: s.holiday_policy,
    schedule,
  };
}

export function presentServiceSession(s: ServiceSessionRow): TServiceSession {
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
    completedAt: s.completed_at,
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
    state: e.state,
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
    state: b.state,
    session: {
      id: b.session_id,
      date: b.date,
      period: b.period,
      startsAt: b.starts_at,
      endsAt: b.ends_at,
      status: b.session_status,
      cancelReason: b.session_cancel_reason,
    },
    service: {
      id: b.service_id,
      name: b.service_name,
      venue: b.venue_name,
      priceFen: b.price_fen,
      residentNote: b.resident_note,
      companionNote: b.companion_note,
    },
  };
}

export function presentVolunteer(v: { id: number; name: string; phone: string }): TPoolVolunteer {
  return { userId: v.id, name: v.name, phoneMasked: maskPhone(v.phone) };
}

type QueueView = Awaited<ReturnType<typeof queueView>>;

/** The call screen: the number being served (the latest called), each entry with the resident's other numbers that day. */
export function presentQueue(view: QueueView): TServiceSessionQueue {
  const entries = view.entries.map(presentQueueEntry);
  const current = [...entries]
    .filter((e) => e.state === 'called')
    .sort((a, b) => (b.calledAt ?? '').localeCompare(a.calledAt ?? ''))[0];
  return {
    session: presentServiceSession(view.session),
    service: presentService(view.service),
    current: current ? { bookingId: current.bookingId, queueNumber: current.queueNumber, name: current.name } : null,
    entries: entries.map((e) => ({
      ...e,
      alsoToday: view.alsoToday
        .filter((b) => b.resident_id === e.residentId)
        .map((b) => ({
          bookingId: b.id,
          sessionId: b.session_id,
          serviceName: b.service_name,
          period: b.period,
          queueNumber: b.queue_number,
          state: b.state,
        })),
    })),
    // Sessions of the community's other services today, where a waiting resident can take a number too.
    companions: view.companions.map((c) => ({
      sessionId: c.id,
      serviceId: c.service_id,
      serviceName: c.service_name,
      period: c.period,
      startsAt: c.starts_at,
      endsAt: c.ends_at,
      remaining: c.capacity - c.booked,
    })),
    counts: {
      waiting: entries.filter((e) => e.state === 'waiting').length,
      away: entries.filter((e) => e.state === 'away').length,
      served: entries.filter((e) => e.state === 'served').length,
      noShow: entries.filter((e) => e.state === 'no_show').length,
    },
  };
}

export function presentRoster(r: Awaited<ReturnType<typeof roster>>): TRoster {
  return {
    month: r.month,
    serviceId: r.service.id,
    volunteers: r.volunteers.map(presentVolunteer),
    sessions: r.sessions.map((s) => ({
      ...presentServiceSession(s.session),
      needed: s.needed,
      assigned: s.assigned.map((a) => ({
        assignmentId: a.id,
        userId: a.user_id,
        name: a.name,
        drop: a.drop ? { id: a.drop.id, reason: a.drop.reason, status: a.drop.status } : null,
      })),
      missing: s.missing,
    })),
  };
}

export function presentGap(g: Awaited<ReturnType<typeof gaps>>[number]): TCoverageGap {
  return {
    sessionId: g.session.id,
    serviceId: g.service.id,
    serviceName: g.service.name,
    date: g.session.date,
    period: g.session.period,
    startsAt: g.session.starts_at,
    needed: g.needed,
    assigned: g.assigned,
    missing: g.missing,
  };
}

/** Each shift with its session, its service and a pending 换班 on it. */
export function presentMyShifts(mine: Awaited<ReturnType<typeof myShifts>>): TMyShift[] {
  return mine.assignments.map((a) => {
    const session = mine.sessions.find((s) => s.id === a.session_id)!;
    const service = mine.services.find((s) => s.id === session.service_id)!;
    const swap = mine.changes.find((c) => c.assignment_id === a.id && c.kind === 'swap' && c.status === 'pending');
    return {
      assignmentId: a.id,
      session: presentServiceSession(session),
      service: { id: service.id, name: service.name },
      swap: swap ? { id: swap.id, toUserId: swap.to_user_id, toName: swap.to_name, status: swap.status } : null,
    };
  });
}

/** 换班 and 请假 requests, seen from the volunteer: the ones sent to them are incoming. */
export function presentMyRotaChanges({ userId, changes }: Awaited<ReturnType<typeof myRotaChanges>>): TRotaChange[] {
  return changes.map((c) => ({
    id: c.id,
    kind: c.kind,
    status: c.status,
    direction: c.to_user_id === userId ? 'incoming' : 'outgoing',
    from: { userId: c.from_user_id, name: c.from_name },
    to: c.to_user_id ? { userId: c.to_user_id, name: c.to_name } : null,
    session: { date: c.date, period: c.period, serviceId: c.service_id },
    reason: c.reason,
    at: c.created_at,
  }));
}
