import type { TActivityCreate, TActivityUpdate, TPartnerCreate } from '@zhongli/domain';
import { http } from '../../shared/http';

export type PublicActivityStatus = 'published' | 'cancelled';
export type ActivityStatus = 'draft' | 'submitted' | 'approved' | 'returned' | 'published' | 'cancelled';

export interface ActivityPartner {
  id: number;
  name: string;
  kind: string;
  kindLabel: string;
  merchantId: number | null;
}

/** What everyone may see of an activity (the menu, the detail page). */
export interface PublicActivity {
  id: number;
  communityId: number;
  communityName: string;
  title: string;
  category: string;
  venue: string | null;
  venueId: number | null;
  startsAt: string;
  endsAt: string;
  week: string;
  capacity: number | null;
  registered: number;
  remaining: number | null;
  waitlisted: number;
  status: ActivityStatus;
  changed: boolean;
  changedAt: string | null;
  changeNote: string | null;
  cancelReason: string | null;
  description: string | null;
  points: { name: string; points: number } | null;
  partners: ActivityPartner[];
  answersNeeds: { id: number; text: string; supports: number }[];
}

/** The staff view adds the workflow fields. */
export interface StaffActivity extends PublicActivity {
  returnReason: string | null;
  pointsRuleId: number | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Partner {
  id: number;
  kind: string;
  name: string;
  merchantId: number | null;
  communityId: number | null;
}

export interface Category {
  id: number;
  name: string;
}

export type RegistrationStatus = 'registered' | 'waitlisted' | 'cancelled';

export interface RegistrationResult {
  id: number;
  status: 'registered' | 'waitlisted';
  position?: number;
}

export interface RegistrationRow {
  id: number;
  residentId: number;
  name: string;
  nameMasked: string;
  status: RegistrationStatus;
  position?: number;
  checkedInAt: string | null;
  at: string;
}

export interface MyActivity {
  registration: { id: number; status: RegistrationStatus; position: number | null };
  checkedInAt: string | null;
  activity: PublicActivity;
}

export interface CheckinCode {
  code: string;
  expiresAt: string;
  activityId: number;
  title: string;
}

export interface CheckinResult {
  checkedInAt: string;
  residentId: number;
  residentName: string;
  pointsAwarded: number;
  balanceAfter: number | null;
  pointsNote: string | null;
}

export type CheckinBody = { code: string } | { memberCode: string } | { residentId: number };

const withKey = (idempotencyKey: string) => ({ headers: { 'Idempotency-Key': idempotencyKey } });

export const activitiesApi = {
  categories: () => http.get<Category[]>('/api/public/activity-categories'),
  partners: (communityId?: number) => http.get<Partner[]>('/api/partners', { communityId }),
  createPartner: (body: TPartnerCreate) => http.post<Partner>('/api/partners', body),

  list: (query: { communityId?: number; week?: string }) => http.get<StaffActivity[]>('/api/activities', { ...query }),
  get: (id: number) => http.get<StaffActivity>(`/api/activities/${id}`),
  create: (body: TActivityCreate) => http.post<{ id: number; status: 'draft' }>('/api/activities', body),
  update: (id: number, body: TActivityUpdate) => http.patch<StaffActivity>(`/api/activities/${id}`, body),
  submit: (id: number) => http.post<unknown>(`/api/activities/${id}/submit`),
  cancel: (id: number, reason: string) => http.post<unknown>(`/api/activities/${id}/cancel`, { reason }),

  publicOne: (id: number) => http.get<PublicActivity>(`/api/public/activities/${id}`),
  upcoming: (communityId?: number, days = 14) =>
    http.get<PublicActivity[]>('/api/public/activities', { communityId, days }),

  register: (id: number, idempotencyKey: string, residentId?: number) =>
    http.post<RegistrationResult>(
      `/api/activities/${id}/registrations`,
      residentId ? { residentId } : {},
      withKey(idempotencyKey),
    ),
  cancelRegistration: (id: number, registrationId: number) =>
    http.delete<void>(`/api/activities/${id}/registrations/${registrationId}`),
  registrations: (id: number) => http.get<RegistrationRow[]>(`/api/activities/${id}/registrations`),
  mine: () => http.get<MyActivity[]>('/api/me/activities'),

  checkinCode: (id: number) => http.get<CheckinCode>(`/api/activities/${id}/checkin-code`),
  checkIn: (id: number, body: CheckinBody) => http.post<CheckinResult>(`/api/activities/${id}/checkins`, body),
};
