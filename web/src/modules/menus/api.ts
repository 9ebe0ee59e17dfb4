import { http } from '../../shared/http';
import { type PublicActivity, type StaffActivity } from '../activities';

export interface MenuCurrent {
  thisWeek: string;
  nextWeek: string;
  nextWeekDeadline: string;
  deadline: { weekday: number; time: string };
}

export interface PublicMenu {
  week: string;
  publishedAt: string | null;
  from: string;
  to: string;
  communities: { id: number; name: string; activities: PublicActivity[] }[];
}

export type Clash =
  | { kind: 'venue'; venueId: number; activityIds: [number, number] }
  | { kind: 'partner'; partnerId: number; activityIds: [number, number] };

export interface WeekSubmissions {
  week: string;
  deadline: string;
  publishedAt: string | null;
  activities: StaffActivity[];
  clashes: Clash[];
}

export interface Article {
  title: string;
  html: string;
  truncated: boolean;
}

export const menusApi = {
  current: () => http.get<MenuCurrent>('/api/menus/current'),
  publicMenu: (week: string) => http.get<PublicMenu>(`/api/public/menus/${week}`),
  article: (week: string) => http.get<Article>(`/api/public/menus/${week}/article`),
  submissions: (week: string) => http.get<WeekSubmissions>(`/api/menus/${week}/submissions`),
  approve: (id: number) => http.post<unknown>(`/api/activities/${id}/approve`),
  returnActivity: (id: number, reason: string) => http.post<unknown>(`/api/activities/${id}/return`, { reason }),
  publishOne: (id: number) => http.post<unknown>(`/api/activities/${id}/publish`),
  publishWeek: (week: string) =>
    http.post<{ week: string; publishedAt: string; published: number }>(`/api/menus/${week}/publish`),
};

export const weekCalendarUrl = (week: string) => `/api/public/menus/${week}/calendar.ics`;
export const subscriptionCalendarUrl = (communityId?: number) =>
  `/api/public/calendar.ics${communityId ? `?communityId=${communityId}` : ''}`;
