import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TShopItem } from '@zhongli/domain';
import { shopApi } from '../api';

/** One item, as the shelf label's QR code opens it. */
export function useShopItem(itemId: Ref<number | undefined>) {
  return useAsync<TShopItem | undefined>(
    async () => (itemId.value ? shopApi.publicItem(itemId.value) : undefined),
    [itemId],
  );
}
