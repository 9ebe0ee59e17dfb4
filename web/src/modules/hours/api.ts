import type { THoursCorrected, THoursCorrection, TMyHours, TPersonHours, TVolunteerTotals } from '@zhongli/domain';
import { http, withQuery } from '../../shared/http';

export const hoursApi = {
  mine: () => http.get<TMyHours>('/api/me/volunteer-hours'),
  totals: (query: { from: string; to: string; communityId?: number }) =>
    http.get<TVolunteerTotals>('/api/volunteer-hours', { ...query }),
  /** Every entry of the period as Excel, the same filters as the totals. */
  exportUrl: (query: { from: string; to: string; communityId?: number }) =>
    withQuery('/api/volunteer-hours/export', { ...query }),
  /** `path` from `personPath`: a resident's entries, or a volunteer login's without a resident record */
  person: (path: string, query: { from: string; to: string }) =>
    http.get<TPersonHours>(`/api/volunteer-hours/${path}`, { ...query }),
  correct: (body: THoursCorrection) => http.post<THoursCorrected>('/api/volunteer-hours/corrections', body),
};
