import type { TMyActivity } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi } from '../api';

/** The signed-in resident's sign-ups (empty when signed out or not a resident). */
export function useMyActivities(enabled: Ref<boolean>) {
  return useAsync<TMyActivity[]>(async () => (enabled.value ? activitiesApi.mine() : []), [enabled]);
}
