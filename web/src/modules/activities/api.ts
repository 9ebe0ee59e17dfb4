import type {
  TActivityCategory,
  TActivityCopied,
  TActivityCreate,
  TActivityCreated,
  TActivityStateChange,
  TActivityUpdate,
  TCheckinCode,
  TCheckinCreate,
  TCheckinResult,
  TCheckoutCreate,
  TCheckoutResult,
  TMenuCurrent,
  TMyActivity,
  TPartner,
  TWeekStarted,
  TPartnerCreate,
  TPartnerCreated,
  TPublicActivity,
  TRegistrationResult,
  TRegistrationRow,
  TStaffActivity,
} from '@zhongli/domain';
import { http } from '../../shared/http';

/** The weekly cycle: this week, next week and when submissions for next week close. */
const menuCurrent = () => http.get<TMenuCurrent>('/api/menus/current');

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const activitiesApi = {
  menuCurrent,
  categories: () => http.get<TActivityCategory[]>('/api/public/activity-categories'),
  addCategory: (name: string) => http.post<TActivityCategory[]>('/api/activity-categories', { name }),
  partners: (communityId?: number) => http.get<TPartner[]>('/api/partners', { communityId }),
  createPartner: (body: TPartnerCreate) => http.post<TPartnerCreated>('/api/partners', body),

  list: (query: { communityId?: number; week?: string }) => http.get<TStaffActivity[]>('/api/activities', { ...query }),
  get: (id: number) => http.get<TStaffActivity>(`/api/activities/${id}`),
  create: (body: TActivityCreate) => http.post<TActivityCreated>('/api/activities', body),
  update: (id: number, body: TActivityUpdate) => http.patch<TStaffActivity>(`/api/activities/${id}`, body),
  submit: (id: number) => http.post<TActivityStateChange>(`/api/activities/${id}/submit`),
  approve: (id: number) => http.post<TActivityStateChange>(`/api/activities/${id}/approve`),
  copyToNextWeek: (id: number) => http.post<TActivityCopied>(`/api/activities/${id}/copy-next-week`),
  startFromLastWeek: (communityId: number, week: string) =>
    http.post<TWeekStarted>('/api/activities/from-last-week', { communityId, week }),
  returnActivity: (id: number, reason: string) =>
    http.post<TActivityStateChange>(`/api/activities/${id}/return`, { reason }),
  /** 补充发布: one activity onto the menu at once (the center). */
  publishNow: (id: number) => http.post<TActivityStateChange>(`/api/activities/${id}/publish`),
  cancel: (id: number, reason: string) => http.post<TActivityStateChange>(`/api/activities/${id}/cancel`, { reason }),

  publicOne: (id: number) => http.get<TPublicActivity>(`/api/public/activities/${id}`),
  upcoming: (communityId?: number, days = 14) =>
    http.get<TPublicActivity[]>('/api/public/activities', { communityId, days }),

  register: (id: number, idempotencyKey: string, residentId?: number) =>
    http.post<TRegistrationResult>(
      `/api/activities/${id}/registrations`,
      residentId ? { residentId } : {},
      withKey(idempotencyKey),
    ),
  cancelRegistration: (id: number, registrationId: number) =>
    http.delete<void>(`/api/activities/${id}/registrations/${registrationId}`),
  registrations: (id: number) => http.get<TRegistrationRow[]>(`/api/activities/${id}/registrations`),
  /** Registrations and attendance (walk-ins too) as Excel. */
  registrationsExportUrl: (id: number) => `/api/activities/${id}/registrations/export`,
  mine: () => http.get<TMyActivity[]>('/api/me/activities'),

  checkinCode: (id: number) => http.get<TCheckinCode>(`/api/activities/${id}/checkin-code`),
  checkIn: (id: number, body: TCheckinCreate) => http.post<TCheckinResult>(`/api/activities/${id}/checkins`, body),
  /** 签退 (volunteer activities): the code on the organiser's screen, one person, or everyone left. */
  checkoutCode: (id: number) => http.get<TCheckinCode>(`/api/activities/${id}/checkout-code`),
  checkOut: (id: number, body: TCheckoutCreate) => http.post<TCheckoutResult>(`/api/activities/${id}/checkouts`, body),
};
