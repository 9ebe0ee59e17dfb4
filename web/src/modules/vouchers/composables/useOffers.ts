import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TVoucherOffer } from '@zhongli/domain';
import { vouchersApi } from '../api';

/** Offers that can be claimed now in one community. */
export function useOffers(communityId: Ref<number | undefined>) {
  return useAsync<TVoucherOffer[] | undefined>(
    async () => (communityId.value ? vouchersApi.offers(communityId.value) : undefined),
    [communityId],
  );
}
