import type {
  TActivityStateChange,
  TArticle,
  TMenuCurrent,
  TPublicMenu,
  TWeekPublished,
  TWeekSubmissions,
} from '@zhongli/domain';
import { http } from '../../shared/http';

export const menusApi = {
  current: () => http.get<TMenuCurrent>('/api/menus/current'),
  publicMenu: (week: string) => http.get<TPublicMenu>(`/api/public/menus/${week}`),
  article: (week: string) => http.get<TArticle>(`/api/public/menus/${week}/article`),
  submissions: (week: string) => http.get<TWeekSubmissions>(`/api/menus/${week}/submissions`),
  approve: (id: number) => http.post<TActivityStateChange>(`/api/activities/${id}/approve`),
  returnActivity: (id: number, reason: string) =>
    http.post<TActivityStateChange>(`/api/activities/${id}/return`, { reason }),
  publishOne: (id: number) => http.post<TActivityStateChange>(`/api/activities/${id}/publish`),
  publishWeek: (week: string) => http.post<TWeekPublished>(`/api/menus/${week}/publish`),
};

export const weekCalendarUrl = (week: string) => `/api/public/menus/${week}/calendar.ics`;
export const subscriptionCalendarUrl = (communityId?: number) =>
  `/api/public/calendar.ics${communityId ? `?communityId=${communityId}` : ''}`;
