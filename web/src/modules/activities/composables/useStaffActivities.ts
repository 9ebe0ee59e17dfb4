import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi, type StaffActivity } from '../api';

/** One community's activities in one week, every status (the staff list). */
export function useStaffActivities(communityId: Ref<number | undefined>, week: Ref<string | undefined>) {
  return useAsync<StaffActivity[]>(
    async () =>
      communityId.value && week.value ? activitiesApi.list({ communityId: communityId.value, week: week.value }) : [],
    [communityId, week],
  );
}
