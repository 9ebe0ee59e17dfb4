import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { pointsApi } from '../api';

/** Just the balance (one statement row fetched), for the home page's 我的积分 entry. */
export function usePointsBalance(residentId: Ref<number | null | undefined>) {
  return useAsync<number | undefined>(
    async () => (residentId.value ? (await pointsApi.statement(residentId.value, 1, 1)).balance : undefined),
    [residentId],
  );
}
