import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TMyVoucher } from '@zhongli/domain';
import { vouchersApi } from '../api';

/** The signed-in resident's vouchers, usable ones first. */
export function useMyVouchers(enabled: Ref<boolean>) {
  const order = { issued: 0, redeemed: 1, expired: 2 } as const;
  return useAsync<TMyVoucher[] | undefined>(
    async () =>
      enabled.value
        ? (await vouchersApi.mine()).sort(
            (a, b) => order[a.status] - order[b.status] || b.claimedAt.localeCompare(a.claimedAt),
          )
        : undefined,
    [enabled],
  );
}
