import type { THoursCorrected, THoursCorrection, TMyHours, TPersonHours, TVolunteerTotals } from '@zhongli/domain';
import { http } from '../../shared/http';

export const hoursApi = {
  mine: () => http.get<TMyHours>('/api/me/volunteer-hours'),
  totals: (query: { from: string; to: string; communityId?: number }) =>
    http.get<TVolunteerTotals>('/api/volunteer-hours', { ...query }),
  person: (residentId: number, query: { from: string; to: string }) =>
    http.get<TPersonHours>(`/api/volunteer-hours/residents/${residentId}`, { ...query }),
  correct: (body: THoursCorrection) => http.post<THoursCorrected>('/api/volunteer-hours/corrections', body),
};
