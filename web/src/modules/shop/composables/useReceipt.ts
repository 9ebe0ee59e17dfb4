import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { shopApi, type Receipt } from '../api';

export function useReceipt(redemptionId: Ref<number | undefined>) {
  return useAsync<Receipt | undefined>(
    async () => (redemptionId.value ? shopApi.receipt(redemptionId.value) : undefined),
    [redemptionId],
  );
}
