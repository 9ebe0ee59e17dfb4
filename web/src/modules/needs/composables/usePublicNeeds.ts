import type { TNeed } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { needsApi } from '../api';

export function usePublicNeeds(communityId: Ref<number | undefined>) {
  return useAsync<TNeed[]>(
    async () => (communityId.value ? needsApi.publicList(communityId.value) : []),
    [communityId],
  );
}
