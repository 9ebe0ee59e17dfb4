import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TMerchantOffer } from '@zhongli/domain';
import { vouchersApi } from '../api';

/** A shop's offers with claimed / remaining (the shop itself, or staff). */
export function useMerchantOffers(merchantId: Ref<number | undefined>) {
  return useAsync<TMerchantOffer[] | undefined>(
    async () => (merchantId.value ? vouchersApi.merchantOffers(merchantId.value) : undefined),
    [merchantId],
  );
}
