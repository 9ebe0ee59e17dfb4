import type { TStaffActivity } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi } from '../api';

/** One community's activities in one week, every status (the staff list). */
export function useStaffActivities(communityId: Ref<number | undefined>, week: Ref<string | undefined>) {
  return useAsync<TStaffActivity[]>(
    async () =>
      communityId.value && week.value ? activitiesApi.list({ communityId: communityId.value, week: week.value }) : [],
    [communityId, week],
  );
}
