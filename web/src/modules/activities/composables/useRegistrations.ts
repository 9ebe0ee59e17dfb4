import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi, type RegistrationRow } from '../api';

export function useRegistrations(activityId: Ref<number | undefined>) {
  return useAsync<RegistrationRow[]>(
    async () => (activityId.value ? activitiesApi.registrations(activityId.value) : []),
    [activityId],
  );
}
