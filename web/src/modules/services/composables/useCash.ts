import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { servicesApi } from '../api';
import type { TCashSummary } from '@zhongli/domain';

/** Fees taken on one day (for the cash box at closing). */
export function useCash(serviceId: Ref<number | undefined>, date: Ref<string | undefined>) {
  return useAsync<TCashSummary | undefined>(
    async () => (serviceId.value && date.value ? servicesApi.cash(serviceId.value, date.value) : undefined),
    [serviceId, date],
  );
}
