import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { merchantsApi } from '../api';

export function useMerchants(communityId: Ref<number | undefined>) {
  return useAsync(() => merchantsApi.list(communityId.value), [communityId]);
}
