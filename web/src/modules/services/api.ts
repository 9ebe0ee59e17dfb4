import type {
  TAvailabilityMarks,
  TBookingCreate,
  TBookingResult,
  TCallNext,
  TCashSummary,
  TCoverageGap,
  TMyBooking,
  TMyServiceUsage,
  TMyShift,
  TPoolVolunteer,
  TRoster,
  TRotaChange,
  TRotaChangeDecided,
  TService,
  TServiceChange,
  TServiceCreate,
  TServiceCreated,
  TServiceUpdate,
  TServiceUpdated,
  TServiceSession,
  TServiceSessionCancelled,
  TServiceSessionCompleted,
  TServiceSessionDisplay,
  TServiceSessionQueue,
  TAttended,
  TQueueMoved,
} from '@zhongli/domain';
import { http, request } from '../../shared/http';

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const servicesApi = {
  /** A session's bookings as Excel; `served`: only those served (the served list). */
  bookingsExportUrl: (sessionId: number, served = false) =>
    `/api/service-sessions/${sessionId}/bookings/export${served ? '?served=1' : ''}`,
  // ---- public
  services: () => http.get<TService[]>('/api/public/services'),
  sessions: (serviceId: number, from: string, to: string) =>
    http.get<TServiceSession[]>(`/api/public/services/${serviceId}/sessions`, { from, to }),
  display: (sessionId: number) => http.get<TServiceSessionDisplay>(`/api/public/service-sessions/${sessionId}/display`),

  // ---- bookings
  book: (body: TBookingCreate, idempotencyKey: string) =>
    http.post<TBookingResult>('/api/bookings', body, withKey(idempotencyKey)),
  myBookings: () => http.get<TMyBooking[]>('/api/me/bookings'),
  myUsage: (serviceId: number) => http.get<TMyServiceUsage>(`/api/services/${serviceId}/my-usage`),
  cancelBooking: (bookingId: number) => http.delete<void>(`/api/bookings/${bookingId}`),

  // ---- staff: services and sessions
  managed: () => http.get<TService[]>('/api/services'),
  create: (body: TServiceCreate) => http.post<TServiceCreated>('/api/services', body),
  /** what the same PATCH would do to the sessions, saving nothing */
  previewUpdate: (serviceId: number, body: TServiceUpdate) =>
    http.post<TServiceChange>(`/api/services/${serviceId}/preview`, body),
  update: (serviceId: number, body: TServiceUpdate) => http.patch<TServiceUpdated>(`/api/services/${serviceId}`, body),
  /** the server takes the whole eligibility (minAge kept as it is) */
  setEligibility: (serviceId: number, eligibility: TService['eligibility']) =>
    http.patch<TServiceUpdated>(`/api/services/${serviceId}`, { eligibility }),
  cancelServiceSession: (sessionId: number, reason: string) =>
    http.post<TServiceSessionCancelled>(`/api/service-sessions/${sessionId}/cancel`, { reason }),
  /** 标记完成: every volunteer on the rota who is a resident earns the chosen rule's points */
  completeSession: (sessionId: number, ruleId: number) =>
    http.post<TServiceSessionCompleted>(`/api/service-sessions/${sessionId}/complete`, { ruleId }),
  cash: (serviceId: number, date: string) => http.get<TCashSummary>(`/api/services/${serviceId}/cash`, { date }),

  // ---- the call screen
  queue: (sessionId: number) => http.get<TServiceSessionQueue>(`/api/service-sessions/${sessionId}/queue`),
  callNext: (sessionId: number) => http.post<TCallNext>(`/api/service-sessions/${sessionId}/queue/next`),
  away: (bookingId: number) => http.post<TQueueMoved>(`/api/bookings/${bookingId}/away`),
  back: (bookingId: number) => http.post<TQueueMoved>(`/api/bookings/${bookingId}/back`),
  noShow: (bookingId: number) => http.post<TQueueMoved>(`/api/bookings/${bookingId}/no-show`),
  attend: (bookingId: number, feePaidFen: number) =>
    http.post<TAttended>(`/api/bookings/${bookingId}/attend`, { feePaidFen }),

  // ---- rota
  volunteers: (serviceId: number) => http.get<TPoolVolunteer[]>(`/api/services/${serviceId}/volunteers`),
  addVolunteer: (serviceId: number, userId: number) =>
    http.post<TPoolVolunteer[]>(`/api/services/${serviceId}/volunteers`, { userId }),
  availability: (serviceId: number, month: string) =>
    http.get<TAvailabilityMarks>(`/api/services/${serviceId}/availability`, { month }),
  setAvailability: (serviceId: number, month: string, unavailableSessionIds: number[]) =>
    request<TAvailabilityMarks>('PUT', `/api/services/${serviceId}/availability`, { month, unavailableSessionIds }),
  generateRoster: (serviceId: number, month: string) =>
    http.post<TRoster>(`/api/services/${serviceId}/roster/generate`, { month }),
  roster: (serviceId: number, month: string) => http.get<TRoster>(`/api/services/${serviceId}/roster`, { month }),
  myShifts: () => http.get<TMyShift[]>('/api/me/shifts'),
  mySwaps: () => http.get<TRotaChange[]>('/api/me/swaps'),
  requestSwap: (assignmentId: number, toUserId: number) =>
    http.post<TRotaChangeDecided>('/api/roster/swaps', { assignmentId, toUserId }),
  acceptSwap: (swapId: number) => http.post<TRotaChangeDecided>(`/api/roster/swaps/${swapId}/accept`),
  declineSwap: (swapId: number) => http.post<TRotaChangeDecided>(`/api/roster/swaps/${swapId}/decline`),
  dropShift: (assignmentId: number, reason: string) =>
    http.post<TRotaChangeDecided>(`/api/roster/assignments/${assignmentId}/drop`, { reason }),
  approveDrop: (dropId: number) => http.post<TRotaChangeDecided>(`/api/roster/drops/${dropId}/approve`),
  takeCompanionNumber: (bookingId: number, sessionId: number) =>
    http.post<TBookingResult>(`/api/bookings/${bookingId}/companion`, { sessionId }),
  rejectDrop: (dropId: number) => http.post<TRotaChangeDecided>(`/api/roster/drops/${dropId}/reject`),
  gaps: (days = 14) => http.get<TCoverageGap[]>('/api/roster/gaps', { days }),
};
