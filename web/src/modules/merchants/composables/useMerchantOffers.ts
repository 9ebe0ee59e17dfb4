import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TMerchantOffer } from '@zhongli/domain';
import { merchantVouchersApi } from '../api';

/** A shop's offers with claimed / remaining (the shop itself, or staff). */
export function useMerchantOffers(merchantId: Ref<number | undefined>) {
  return useAsync<TMerchantOffer[] | undefined>(
    async () => (merchantId.value ? merchantVouchersApi.offers(merchantId.value) : undefined),
    [merchantId],
  );
}
