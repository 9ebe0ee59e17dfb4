import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { servicesApi, type CashSummary } from '../api';

/** Fees taken on one day (for the cash box at closing). */
export function useCash(serviceId: Ref<number | undefined>, date: Ref<string | undefined>) {
  return useAsync<CashSummary | undefined>(
    async () => (serviceId.value && date.value ? servicesApi.cash(serviceId.value, date.value) : undefined),
    [serviceId, date],
  );
}
