import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { servicesApi } from '../api';
import type { TService, TServiceSession } from '@zhongli/domain';

/** Every service (1元理发屋, 健康小屋 …) with its rules; public. */
export function useServices() {
  return useAsync<TService[]>(() => servicesApi.services());
}

/** One service's sessions between two county dates (inclusive). */
export function useServiceSessions(
  serviceId: Ref<number | undefined>,
  range: Ref<{ from: string; to: string } | undefined>,
) {
  return useAsync<TServiceSession[]>(
    async () =>
      serviceId.value && range.value ? servicesApi.sessions(serviceId.value, range.value.from, range.value.to) : [],
    [serviceId, range],
  );
}
