import { z } from 'zod';
import { ZCallListOpened } from '../calls/calls.contract.js';
import { BOOKING_STATES } from './booking.js';

/** What the services routes answer (the server encodes through these; the web reads these types). */

const zInt = z.number().int();
const zScope = z.enum(['community', 'county']);

export const ZServiceSessionTemplateRule = z.object({
  period: z.string(),
  start: z.string(),
  end: z.string(),
  capacity: zInt,
});

/** The schedule rule as stored: the 5th and 15th of each month, or weekly weekdays (1 = Monday). */
export const ZScheduleRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('monthly'), daysOfMonth: z.array(zInt), sessions: z.array(ZServiceSessionTemplateRule) }),
  z.object({ kind: z.literal('weekly'), weekdays: z.array(zInt), sessions: z.array(ZServiceSessionTemplateRule) }),
]);
export type TScheduleRule = z.infer<typeof ZScheduleRule>;

/** A community service (1元理发屋, 健康小屋) as everyone may see it. */
export const ZService = z.object({
  id: zInt,
  name: z.string(),
  communityId: zInt,
  communityName: z.string(),
  venue: z.string().nullable(),
  venueId: zInt.nullable(),
  priceFen: zInt,
  /** the service's own words for residents (where to wait, what to bring), or null */
  residentNote: z.string().nullable(),
  /** what the service beside it offers (理发、问诊两不误…), or null */
  companionNote: z.string().nullable(),
  eligibility: z.object({ minAge: zInt.nullable(), scope: zScope }),
  bookingOpens: z.object({ daysAhead: zInt, time: z.string() }),
  volunteersPerSession: zInt,
  /** bookings per resident per month, when limited */
  monthlyLimit: zInt.nullable(),
  holidayPolicy: z.enum(['skip', 'next_day']),
  schedule: ZScheduleRule,
});
export type TService = z.infer<typeof ZService>;
export type TEligibilityScope = z.infer<typeof zScope>;

export const ZServiceCreated = z.object({ id: zInt });

/** The signed-in resident's use of a service's monthly limit: bookings counted per month (YYYY-MM). */
export const ZMyServiceUsage = z.object({
  monthlyLimit: zInt.nullable(),
  months: z.array(z.object({ month: z.string(), used: zInt })),
});
export type TMyServiceUsage = z.infer<typeof ZMyServiceUsage>;

const ZSessionRef = z.object({ date: z.string(), period: z.string() });
/** What an edit does (or would do, for the preview) to the service's future sessions. */
export const ZServiceChange = z.object({
  added: z.array(ZSessionRef),
  updated: z.array(ZSessionRef),
  removed: z.array(ZSessionRef),
  /** booked (or cancelled, or with a rota request): left exactly as they are */
  kept: z.array(ZSessionRef),
  /** open sessions with places that take the new scope (applyToOpenSessions) */
  scopeWidenedOpen: zInt,
});
export type TServiceChange = z.infer<typeof ZServiceChange>;

export const ZServiceUpdated = z.object({ service: ZService, change: ZServiceChange });
export type TServiceUpdated = z.infer<typeof ZServiceUpdated>;
export type TServiceCreated = z.infer<typeof ZServiceCreated>;

/** One 场次 of a service, with its places. */
export const ZServiceSession = z.object({
  id: zInt,
  serviceId: zInt,
  date: z.string(),
  period: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: zInt,
  booked: zInt,
  remaining: zInt,
  bookingOpensAt: z.string(),
  status: z.enum(['open', 'cancelled']),
  cancelReason: z.string().nullable(),
  scope: zScope,
  /** when staff marked it done (标记完成: the volunteers' shift points were given then) */
  completedAt: z.string().nullable(),
});
export type TServiceSession = z.infer<typeof ZServiceSession>;

export const ZServiceSessionCancelled = z.object({
  id: zInt,
  status: z.literal('cancelled'),
  told: zInt,
  /** 待电话通知 for the people who had booked (null when nobody had) */
  callList: ZCallListOpened.nullable(),
});
export type TServiceSessionCancelled = z.infer<typeof ZServiceSessionCancelled>;

export const ZCashSummary = z.object({
  date: z.string(),
  served: zInt,
  feesFen: zInt,
  byPeriod: z.array(z.object({ period: z.string(), served: zInt, feesFen: zInt })),
});
export type TCashSummary = z.infer<typeof ZCashSummary>;

// Bookings and the queue ------------------------------------------------------------------------------

/** A booking's one state (see BOOKING_STATES): in the day's queue, or cancelled. */
export const ZBookingState = z.enum(BOOKING_STATES);
export type TBookingState = z.infer<typeof ZBookingState>;

/** A place taken (预约, 现场取号, or a number at the other service the same day). */
export const ZBookingResult = z.object({ id: zInt, queueNumber: zInt, sessionId: zInt });
export type TBookingResult = z.infer<typeof ZBookingResult>;

export const ZMyBooking = z.object({
  id: zInt,
  queueNumber: zInt,
  state: ZBookingState,
  session: z.object({
    id: zInt,
    date: z.string(),
    period: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(['open', 'cancelled']),
    /** why staff called the session off (when they did): the resident's page says so first */
    cancelReason: z.string().nullable(),
  }),
  service: z.object({
    id: zInt,
    name: z.string(),
    venue: z.string().nullable(),
    priceFen: zInt,
    residentNote: z.string().nullable(),
    companionNote: z.string().nullable(),
  }),
});
export type TMyBooking = z.infer<typeof ZMyBooking>;

/** The same resident's number in another service that day (理发、问诊两不误). */
export const ZAlsoToday = z.object({
  bookingId: zInt,
  sessionId: zInt,
  serviceName: z.string(),
  period: z.string(),
  queueNumber: zInt,
  state: ZBookingState,
});
export type TAlsoToday = z.infer<typeof ZAlsoToday>;

export const ZQueueEntry = z.object({
  bookingId: zInt,
  queueNumber: zInt,
  name: z.string(),
  nameMasked: z.string(),
  residentId: zInt,
  walkIn: z.boolean(),
  state: ZBookingState,
  calledAt: z.string().nullable(),
  servedAt: z.string().nullable(),
  feePaidFen: zInt.nullable(),
  alsoToday: z.array(ZAlsoToday),
});
export type TQueueEntry = z.infer<typeof ZQueueEntry>;

/** A session of the community's other service the same day, where a waiting resident can take a number too. */
export const ZCompanionServiceSession = z.object({
  sessionId: zInt,
  serviceId: zInt,
  serviceName: z.string(),
  period: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  remaining: zInt,
});
export type TCompanionServiceSession = z.infer<typeof ZCompanionServiceSession>;

export const ZCalled = z.object({ bookingId: zInt, queueNumber: zInt, name: z.string() });
export type TCalled = z.infer<typeof ZCalled>;

/** The call screen (叫号): who is being served, the queue, the other services' sessions alongside. */
export const ZServiceSessionQueue = z.object({
  session: ZServiceSession,
  service: ZService,
  current: ZCalled.nullable(),
  entries: z.array(ZQueueEntry),
  companions: z.array(ZCompanionServiceSession),
  counts: z.object({ waiting: zInt, away: zInt, served: zInt, noShow: zInt }),
});
export type TServiceSessionQueue = z.infer<typeof ZServiceSessionQueue>;

export const ZCallNext = z.object({ called: ZCalled.nullable() });
export type TCallNext = z.infer<typeof ZCallNext>;

export const ZQueueMoved = z.object({ bookingId: zInt, state: ZBookingState });
export type TQueueMoved = z.infer<typeof ZQueueMoved>;

export const ZAttended = z.object({ bookingId: zInt, state: z.literal('served'), feePaidFen: zInt });
export type TAttended = z.infer<typeof ZAttended>;

/** The waiting-hall screen: numbers only, no names. */
export const ZServiceSessionDisplay = z.object({
  service: z.object({
    id: zInt,
    name: z.string(),
    venue: z.string().nullable(),
    residentNote: z.string().nullable(),
    companionNote: z.string().nullable(),
  }),
  session: z.object({ id: zInt, date: z.string(), period: z.string(), startsAt: z.string(), endsAt: z.string() }),
  current: zInt.nullable(),
  next: z.array(zInt),
  away: z.array(zInt),
  servedCount: zInt,
});
export type TServiceSessionDisplay = z.infer<typeof ZServiceSessionDisplay>;

// Volunteers and the rota -----------------------------------------------------------------------------

export const ZPoolVolunteer = z.object({ userId: zInt, name: z.string(), phoneMasked: z.string() });
export type TPoolVolunteer = z.infer<typeof ZPoolVolunteer>;

export const ZAvailabilityMarks = z.object({ month: z.string(), unavailableSessionIds: z.array(zInt) });
export type TAvailabilityMarks = z.infer<typeof ZAvailabilityMarks>;

export const ZRotaChangeStatus = z.enum(['pending', 'accepted', 'declined', 'approved', 'rejected']);
export type TRotaChangeStatus = z.infer<typeof ZRotaChangeStatus>;

export const ZRosterAssignment = z.object({
  assignmentId: zInt,
  userId: zInt,
  name: z.string(),
  /** a pending 请假 on this shift (staff only) */
  drop: z.object({ id: zInt, reason: z.string().nullable(), status: ZRotaChangeStatus }).nullable(),
});
export type TRosterAssignment = z.infer<typeof ZRosterAssignment>;

export const ZRosterServiceSession = ZServiceSession.extend({
  needed: zInt,
  assigned: z.array(ZRosterAssignment),
  missing: zInt,
});
export type TRosterServiceSession = z.infer<typeof ZRosterServiceSession>;

export const ZRoster = z.object({
  month: z.string(),
  serviceId: zInt,
  /** the service's pool (the rota's columns) */
  volunteers: z.array(ZPoolVolunteer),
  sessions: z.array(ZRosterServiceSession),
});
export type TRoster = z.infer<typeof ZRoster>;

export const ZCoverageGap = z.object({
  sessionId: zInt,
  serviceId: zInt,
  serviceName: z.string(),
  date: z.string(),
  period: z.string(),
  startsAt: z.string(),
  needed: zInt,
  assigned: zInt,
  missing: zInt,
});
export type TCoverageGap = z.infer<typeof ZCoverageGap>;

export const ZMyShift = z.object({
  assignmentId: zInt,
  session: ZServiceSession,
  service: z.object({ id: zInt, name: z.string() }),
  /** a pending 换班 request on this shift */
  swap: z
    .object({ id: zInt, toUserId: zInt.nullable(), toName: z.string().nullable(), status: ZRotaChangeStatus })
    .nullable(),
});
export type TMyShift = z.infer<typeof ZMyShift>;

/** A 换班 or 请假 request, both directions. */
export const ZRotaChange = z.object({
  id: zInt,
  kind: z.enum(['swap', 'drop']),
  status: ZRotaChangeStatus,
  direction: z.enum(['incoming', 'outgoing']),
  from: z.object({ userId: zInt, name: z.string() }),
  to: z.object({ userId: zInt, name: z.string().nullable() }).nullable(),
  session: z.object({ date: z.string(), period: z.string(), serviceId: zInt }),
  reason: z.string().nullable(),
  at: z.string(),
});
export type TRotaChange = z.infer<typeof ZRotaChange>;

/** A 换班 or 请假 request as it stands after a step. */
export const ZRotaChangeDecided = z.object({ id: zInt, status: ZRotaChangeStatus });
export type TRotaChangeDecided = z.infer<typeof ZRotaChangeDecided>;

/**
 * A session marked done: each volunteer on its rota, and what they earned. `noPointsReason`:
 * NO_RESIDENT (the account has no resident record, so nothing to credit), CAP_REACHED (the
 * rule's limit for the period is used up) or RESIDENT_ARCHIVED (the resident record is archived:
 * moved away or deceased, so nothing is credited to it any more).
 */
export const ZServiceSessionCompleted = z.object({
  id: zInt,
  completedAt: z.string(),
  volunteers: z.array(
    z.object({
      userId: zInt,
      name: z.string(),
      points: zInt.nullable(),
      noPointsReason: z.enum(['NO_RESIDENT', 'CAP_REACHED', 'RESIDENT_ARCHIVED']).nullable(),
    }),
  ),
});
export type TServiceSessionCompleted = z.infer<typeof ZServiceSessionCompleted>;
