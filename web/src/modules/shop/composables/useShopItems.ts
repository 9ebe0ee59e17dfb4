import type { Ref } from 'vue';
import { usePagedList } from '../../../shared/usePagedList';
import type { TShopItem } from '@zhongli/domain';
import { shopApi } from '../api';

/** The public shelf of one community (active items, with donors), a page at a time. */
export function useShopItems(communityId: Ref<number | undefined>) {
  return usePagedList<TShopItem>(
    async (cursor) => (communityId.value ? shopApi.publicItems(communityId.value, cursor) : undefined),
    [communityId],
  );
}
