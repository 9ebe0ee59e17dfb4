import { computed } from 'vue';
import { storeToRefs } from 'pinia';
import { useAsync } from '../../../shared/useAsync';
import { merchantIdOf, useSessionStore } from '../../../shared/session';
import type { TMerchant } from '@zhongli/domain';
import { partnersApi } from '../api';

/** The shop the signed-in merchant account works for. */
export function useMerchantAccount() {
  const { me } = storeToRefs(useSessionStore());
  const merchantId = computed(() => merchantIdOf(me.value));
  const state = useAsync<TMerchant | undefined>(
    async () => (merchantId.value ? partnersApi.merchant(merchantId.value) : undefined),
    [merchantId],
  );
  return { merchantId, ...state };
}
