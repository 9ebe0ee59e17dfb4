import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TDonorBoardRow } from '@zhongli/domain';
import { shopApi } from '../api';

/** 爱心榜: who gave how much to the community's shop. */
export function useDonorBoard(communityId: Ref<number | undefined>) {
  return useAsync<TDonorBoardRow[] | undefined>(
    async () => (communityId.value ? shopApi.donors(communityId.value) : undefined),
    [communityId],
  );
}
