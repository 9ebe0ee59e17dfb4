import type { TActivityResult } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { ApiError } from '../../../shared/http';
import { publicityApi } from '../api';

/** An activity's published result, or null when there is none yet (404 is not an error here). */
export function useActivityResult(activityId: Ref<number | undefined>) {
  return useAsync<TActivityResult | null>(async () => {
    if (!activityId.value) return null;
    try {
      return await publicityApi.result(activityId.value);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }, [activityId]);
}
