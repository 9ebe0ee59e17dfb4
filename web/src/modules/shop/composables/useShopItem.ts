import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { shopApi, type ShopItem } from '../api';

/** One item, as the shelf label's QR code opens it. */
export function useShopItem(itemId: Ref<number | undefined>) {
  return useAsync<ShopItem | undefined>(
    async () => (itemId.value ? shopApi.publicItem(itemId.value) : undefined),
    [itemId],
  );
}
