import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TVoucherStatement } from '@zhongli/domain';
import { merchantVouchersApi } from '../api';

/** One month of honoured vouchers for a shop's books. */
export function useVoucherStatement(merchantId: Ref<number | undefined>, month: Ref<string>) {
  return useAsync<TVoucherStatement | undefined>(
    async () => (merchantId.value ? merchantVouchersApi.statement(merchantId.value, month.value) : undefined),
    [merchantId, month],
  );
}
