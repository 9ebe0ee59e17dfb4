import type { TActivityCategory, TPartner } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TPointsRule as PointsRule } from '@zhongli/domain';
import { pointsApi } from '../../points';
import { activitiesApi } from '../api';

export function useCategories() {
  return useAsync<TActivityCategory[]>(() => activitiesApi.categories());
}

export function usePartners(communityId: Ref<number | undefined>) {
  return useAsync<TPartner[]>(
    async () => (communityId.value ? activitiesApi.partners(communityId.value) : []),
    [communityId],
  );
}

/** The community's current points rules (none published yet → an empty list, not an error). */
export function usePointsRules(communityId: Ref<number | undefined>) {
  return useAsync<PointsRule[]>(async () => {
    if (!communityId.value) return [];
    try {
      return (await pointsApi.currentRules(communityId.value)).rules;
    } catch {
      return [];
    }
  }, [communityId]);
}
