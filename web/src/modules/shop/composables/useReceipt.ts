import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TReceipt } from '@zhongli/domain';
import { shopApi } from '../api';

export function useReceipt(redemptionId: Ref<number | undefined>) {
  return useAsync<TReceipt | undefined>(
    async () => (redemptionId.value ? shopApi.receipt(redemptionId.value) : undefined),
    [redemptionId],
  );
}
