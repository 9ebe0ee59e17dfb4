import type {
  TArticle,
  TMenuSettings,
  TPublicMenu,
  TWeekApproved,
  TWeekPublished,
  TWeekSubmissions,
} from '@zhongli/domain';
import { http } from '../../shared/http';

export const menusApi = {
  publicMenu: (week: string) => http.get<TPublicMenu>(`/api/public/menus/${week}`),
  article: (week: string) => http.get<TArticle>(`/api/public/menus/${week}/article`),
  submissions: (week: string) => http.get<TWeekSubmissions>(`/api/menus/${week}/submissions`),
  publishWeek: (week: string) => http.post<TWeekPublished>(`/api/menus/${week}/publish`),
  settings: () => http.get<TMenuSettings>('/api/menus/settings'),
  saveSettings: (settings: TMenuSettings) => http.put<TMenuSettings>('/api/menus/settings', settings),
  approveWeek: (week: string) => http.post<TWeekApproved>(`/api/menus/${week}/approve`),
};

export const weekCalendarUrl = (week: string) => `/api/public/menus/${week}/calendar.ics`;
export const subscriptionCalendarUrl = (communityId?: number) =>
  `/api/public/calendar.ics${communityId ? `?communityId=${communityId}` : ''}`;
