import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi, type MyActivity } from '../api';

/** The signed-in resident's sign-ups (empty when signed out or not a resident). */
export function useMyActivities(enabled: Ref<boolean>) {
  return useAsync<MyActivity[]>(async () => (enabled.value ? activitiesApi.mine() : []), [enabled]);
}
