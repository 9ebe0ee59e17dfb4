import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { AdjustmentStatus } from '@zhongli/domain';
import { pointsApi } from '../api';

export function useAdjustments(status: Ref<AdjustmentStatus>) {
  return useAsync(() => pointsApi.adjustments(status.value), [status]);
}
