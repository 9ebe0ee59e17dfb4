import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TVenue } from '@zhongli/domain';
import { communitiesApi } from '../api';

export function useVenues(communityId: Ref<number | undefined>) {
  return useAsync<TVenue[]>(
    () => (communityId.value ? communitiesApi.venues(communityId.value) : Promise.resolve([])),
    [communityId],
  );
}
