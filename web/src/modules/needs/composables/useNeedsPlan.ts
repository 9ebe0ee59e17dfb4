import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { needsApi, type NeedsPlan } from '../api';

/** Needs by category with support counts, for planning activities. */
export function useNeedsPlan(communityId: Ref<number | undefined>, category?: Ref<string | undefined>) {
  return useAsync<NeedsPlan | undefined>(
    async () =>
      communityId.value ? needsApi.plan({ communityId: communityId.value, category: category?.value }) : undefined,
    category ? [communityId, category] : [communityId],
  );
}
