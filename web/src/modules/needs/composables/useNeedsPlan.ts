import type { TNeedsPlan } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { needsApi } from '../api';

/** Needs by category with support counts, for planning activities. */
export function useNeedsPlan(communityId: Ref<number | undefined>, category?: Ref<string | undefined>) {
  return useAsync<TNeedsPlan | undefined>(
    async () =>
      communityId.value ? needsApi.plan({ communityId: communityId.value, category: category?.value }) : undefined,
    category ? [communityId, category] : [communityId],
  );
}
