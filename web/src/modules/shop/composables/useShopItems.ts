import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TShopItem } from '@zhongli/domain';
import { shopApi } from '../api';

/** The public shelf of one community (active items, with donors). */
export function useShopItems(communityId: Ref<number | undefined>) {
  return useAsync<TShopItem[] | undefined>(
    async () => (communityId.value ? shopApi.publicItems(communityId.value) : undefined),
    [communityId],
  );
}
