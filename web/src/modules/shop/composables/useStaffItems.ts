import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TStaffShopItem } from '@zhongli/domain';
import { shopApi } from '../api';

/** The staff catalogue of one community: paused items and low-stock flags included. */
export function useStaffItems(communityId: Ref<number | undefined>) {
  return useAsync<TStaffShopItem[] | undefined>(
    async () => (communityId.value ? shopApi.items(communityId.value) : undefined),
    [communityId],
  );
}
