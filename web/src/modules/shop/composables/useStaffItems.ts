import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { shopApi, type StaffShopItem } from '../api';

/** The staff catalogue of one community: paused items and low-stock flags included. */
export function useStaffItems(communityId: Ref<number | undefined>) {
  return useAsync<StaffShopItem[] | undefined>(
    async () => (communityId.value ? shopApi.items(communityId.value) : undefined),
    [communityId],
  );
}
