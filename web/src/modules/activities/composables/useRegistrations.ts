import type { TRegistrationRow } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi } from '../api';

export function useRegistrations(activityId: Ref<number | undefined>) {
  return useAsync<TRegistrationRow[]>(
    async () => (activityId.value ? activitiesApi.registrations(activityId.value) : []),
    [activityId],
  );
}
