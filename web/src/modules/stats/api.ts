import type { TDashboard, TPeriodQuery } from '@zhongli/domain';
import { http } from '../../shared/http';

export const statsApi = {
  dashboard: (query: TPeriodQuery) => {
    const search = new URLSearchParams({ from: query.from, to: query.to });
    if (query.communityId) search.set('communityId', String(query.communityId));
    return http.get<TDashboard>(`/api/stats/dashboard?${search}`);
  },
};
