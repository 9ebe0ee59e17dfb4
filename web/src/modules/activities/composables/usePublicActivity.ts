import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi, type PublicActivity } from '../api';

export function usePublicActivity(activityId: Ref<number | undefined>) {
  return useAsync<PublicActivity | undefined>(
    async () => (activityId.value ? activitiesApi.publicOne(activityId.value) : undefined),
    [activityId],
  );
}
