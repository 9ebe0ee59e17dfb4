import type { TPublicActivity } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi } from '../api';

export function usePublicActivity(activityId: Ref<number | undefined>) {
  return useAsync<TPublicActivity | undefined>(
    async () => (activityId.value ? activitiesApi.publicOne(activityId.value) : undefined),
    [activityId],
  );
}
