import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { pointsApi, type AdjustmentStatus } from '../api';

export function useAdjustments(status: Ref<AdjustmentStatus>) {
  return useAsync(() => pointsApi.adjustments(status.value), [status]);
}
