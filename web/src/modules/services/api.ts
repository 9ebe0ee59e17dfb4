import { http, request } from '../../shared/http';

/** One session of a schedule rule: '上午' 08:30–11:30, 25 places. */
export interface SessionTemplate {
  period: string;
  start: string;
  end: string;
  capacity: number;
}

export type EligibilityScope = 'community' | 'county';

/** A community service (1元理发屋, 健康小屋) as everyone may see it. */
export interface Service {
  id: number;
  /** bookings per resident per month, when limited */
  monthlyLimit?: number | null;
  name: string;
  communityId: number;
  communityName: string;
  venue: string | null;
  priceFen: number;
  eligibility: { minAge: number | null; scope: EligibilityScope };
  bookingOpens: { daysAhead: number; time: string };
  volunteersPerSession: number;
  schedule: { kind: 'monthly' | 'weekly'; daysOfMonth?: number[]; weekdays?: number[]; sessions: SessionTemplate[] };
}

export interface ServiceSession {
  id: number;
  serviceId: number;
  date: string;
  period: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  remaining: number;
  bookingOpensAt: string;
  status: 'open' | 'cancelled';
  cancelReason: string | null;
  scope: EligibilityScope;
}

export interface BookingResult {
  id: number;
  queueNumber: number;
  sessionId: number;
}

export type BookingStatus = 'booked' | 'cancelled' | 'served' | 'no_show';
export type QueueStatus = 'waiting' | 'called' | 'away' | 'served' | 'no_show';

export interface SessionBrief {
  id: number;
  date: string;
  period: string;
  startsAt: string;
  endsAt: string;
}

export interface ServiceBrief {
  id: number;
  name: string;
  venue: string | null;
  priceFen: number;
}

export interface MyBooking {
  id: number;
  queueNumber: number;
  status: BookingStatus;
  queueStatus: QueueStatus;
  session: SessionBrief;
  service: ServiceBrief;
}

export interface QueueEntry {
  bookingId: number;
  queueNumber: number;
  name: string;
  nameMasked: string;
  residentId: number;
  walkIn: boolean;
  queueStatus: QueueStatus;
  calledAt: string | null;
  servedAt: string | null;
  feePaidFen: number | null;
  /** The same resident's numbers in other services that day (理发、问诊两不误). */
  alsoToday?: {
    bookingId: number;
    sessionId: number;
    serviceName: string;
    period: string;
    queueNumber: number;
    queueStatus: QueueStatus;
  }[];
}

/** A session of the community's other service the same day, where a waiting resident can take a number too. */
export interface CompanionSession {
  sessionId: number;
  serviceId: number;
  serviceName: string;
  period: string;
  startsAt: string;
  endsAt: string;
  remaining: number;
}

export interface QueueCounts {
  waiting: number;
  away: number;
  served: number;
  noShow: number;
}

export interface SessionQueue {
  session: SessionBrief & Partial<Pick<ServiceSession, 'capacity' | 'booked' | 'status'>>;
  service: ServiceBrief & Partial<Pick<Service, 'communityId' | 'communityName'>>;
  current: { queueNumber: number; name: string } | null;
  entries: QueueEntry[];
  companions?: CompanionSession[];
  counts: QueueCounts;
}

/** The waiting-hall screen: numbers only, no names. */
export interface SessionDisplay {
  service: { id: number; name: string; venue?: string | null; communityName?: string };
  session: SessionBrief;
  current: number | null;
  next: number[];
  away: number[];
  servedCount: number;
}

export interface CashSummary {
  date: string;
  served: number;
  feesFen: number;
  byPeriod: { period: string; served: number; feesFen: number }[];
}

export interface PoolVolunteer {
  userId: number;
  name: string;
  phoneMasked: string;
}

export interface RosterAssignment {
  assignmentId: number;
  userId: number;
  name: string;
  /** a pending 请假 on this shift, when the server reports it */
  drop?: { id: number; reason: string; status: 'pending' | 'approved' | 'declined' } | null;
}

export interface RosterSession {
  id: number;
  date: string;
  period: string;
  startsAt: string;
  needed: number;
  assigned: RosterAssignment[];
  missing: number;
}

export interface Roster {
  month: string;
  /** the service's pool (the rota's columns) */
  volunteers?: PoolVolunteer[];
  sessions: RosterSession[];
}

export type SwapStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';
export type ChangeStatus = SwapStatus | 'approved' | 'rejected';

export interface MyShift {
  assignmentId: number;
  session: SessionBrief;
  service: { id: number; name: string; venue?: string | null; communityId?: number };
  /** a pending 换班 request on this shift */
  swap: { id: number; toUserId: number; toName: string; status: SwapStatus } | null;
}

/** A 换班 or 请假 request, as `GET /api/me/swaps` lists them. */
export interface RotaChange {
  id: number;
  kind: 'swap' | 'drop';
  status: ChangeStatus;
  direction: 'incoming' | 'outgoing';
  from: { userId: number; name: string };
  to: { userId: number; name: string } | null;
  session: { date: string; period: string; serviceId: number };
  reason: string | null;
  at: string;
}

export interface CoverageGap {
  sessionId: number;
  serviceId: number;
  serviceName: string;
  date: string;
  period: string;
  startsAt: string;
  needed: number;
  assigned: number;
  missing: number;
}

export interface BookingBody {
  sessionId: number;
  residentId?: number;
  walkIn?: boolean;
}

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const servicesApi = {
  // ---- public
  services: () => http.get<Service[]>('/api/public/services'),
  sessions: (serviceId: number, from: string, to: string) =>
    http.get<ServiceSession[]>(`/api/public/services/${serviceId}/sessions`, { from, to }),
  display: (sessionId: number) => http.get<SessionDisplay>(`/api/public/sessions/${sessionId}/display`),

  // ---- bookings
  book: (body: BookingBody, idempotencyKey: string) =>
    http.post<BookingResult>('/api/bookings', body, withKey(idempotencyKey)),
  myBookings: () => http.get<MyBooking[]>('/api/me/bookings'),
  cancelBooking: (bookingId: number) => http.delete<void>(`/api/bookings/${bookingId}`),

  // ---- staff: services and sessions
  /** the server takes the whole eligibility (minAge kept as it is) */
  setEligibility: (serviceId: number, eligibility: Service['eligibility']) =>
    http.patch<Service>(`/api/services/${serviceId}`, { eligibility }),
  cancelSession: (sessionId: number, reason: string) =>
    http.post<unknown>(`/api/sessions/${sessionId}/cancel`, { reason }),
  cash: (serviceId: number, date: string) => http.get<CashSummary>(`/api/services/${serviceId}/cash`, { date }),

  // ---- the call screen
  queue: (sessionId: number) => http.get<SessionQueue>(`/api/sessions/${sessionId}/queue`),
  callNext: (sessionId: number) =>
    http.post<{ called: { bookingId: number; queueNumber: number; name: string } | null }>(
      `/api/sessions/${sessionId}/queue/next`,
    ),
  away: (bookingId: number) => http.post<unknown>(`/api/bookings/${bookingId}/away`),
  back: (bookingId: number) => http.post<unknown>(`/api/bookings/${bookingId}/back`),
  noShow: (bookingId: number) => http.post<unknown>(`/api/bookings/${bookingId}/no-show`),
  attend: (bookingId: number, feePaidFen: number) =>
    http.post<unknown>(`/api/bookings/${bookingId}/attend`, { feePaidFen }),

  // ---- rota
  volunteers: (serviceId: number) => http.get<PoolVolunteer[]>(`/api/services/${serviceId}/volunteers`),
  addVolunteer: (serviceId: number, userId: number) =>
    http.post<unknown>(`/api/services/${serviceId}/volunteers`, { userId }),
  availability: (serviceId: number, month: string) =>
    http.get<{ month: string; unavailableSessionIds: number[] }>(`/api/services/${serviceId}/availability`, { month }),
  setAvailability: (serviceId: number, month: string, unavailableSessionIds: number[]) =>
    request<unknown>('PUT', `/api/services/${serviceId}/availability`, { month, unavailableSessionIds }),
  generateRoster: (serviceId: number, month: string) =>
    http.post<Roster>(`/api/services/${serviceId}/roster/generate`, { month }),
  roster: (serviceId: number, month: string) => http.get<Roster>(`/api/services/${serviceId}/roster`, { month }),
  myShifts: () => http.get<MyShift[]>('/api/me/shifts'),
  mySwaps: () => http.get<RotaChange[]>('/api/me/swaps'),
  requestSwap: (assignmentId: number, toUserId: number) =>
    http.post<{ id: number; status: 'pending' }>('/api/roster/swaps', { assignmentId, toUserId }),
  acceptSwap: (swapId: number) => http.post<unknown>(`/api/roster/swaps/${swapId}/accept`),
  declineSwap: (swapId: number) => http.post<unknown>(`/api/roster/swaps/${swapId}/decline`),
  dropShift: (assignmentId: number, reason: string) =>
    http.post<{ id: number; status: string }>(`/api/roster/assignments/${assignmentId}/drop`, { reason }),
  approveDrop: (dropId: number) => http.post<unknown>(`/api/roster/drops/${dropId}/approve`),
  takeCompanionNumber: (bookingId: number, sessionId: number) =>
    http.post<{ id: number; queueNumber: number; sessionId: number }>(`/api/bookings/${bookingId}/companion`, {
      sessionId,
    }),
  rejectDrop: (dropId: number) => http.post<unknown>(`/api/roster/drops/${dropId}/reject`),
  gaps: (days = 14) => http.get<CoverageGap[]>('/api/roster/gaps', { days }),
};
