import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { vouchersApi, type VoucherStatement } from '../api';

/** One month of honoured vouchers for a shop's books. */
export function useVoucherStatement(merchantId: Ref<number | undefined>, month: Ref<string>) {
  return useAsync<VoucherStatement | undefined>(
    async () => (merchantId.value ? vouchersApi.statement(merchantId.value, month.value) : undefined),
    [merchantId, month],
  );
}
