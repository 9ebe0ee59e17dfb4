import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { vouchersApi, type VoucherOffer } from '../api';

/** Offers that can be claimed now in one community. */
export function useOffers(communityId: Ref<number | undefined>) {
  return useAsync<VoucherOffer[] | undefined>(
    async () => (communityId.value ? vouchersApi.offers(communityId.value) : undefined),
    [communityId],
  );
}
