import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { vouchersApi, type MyVoucher } from '../api';

/** The signed-in resident's vouchers, usable ones first. */
export function useMyVouchers(enabled: Ref<boolean>) {
  const order = { issued: 0, redeemed: 1, expired: 2 } as const;
  return useAsync<MyVoucher[] | undefined>(
    async () =>
      enabled.value
        ? (await vouchersApi.mine()).sort(
            (a, b) => order[a.status] - order[b.status] || b.claimedAt.localeCompare(a.claimedAt),
          )
        : undefined,
    [enabled],
  );
}
