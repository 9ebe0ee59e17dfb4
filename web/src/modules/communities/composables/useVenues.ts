import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TVenue } from '@zhongli/domain';
import { communitiesApi } from '../api';

/** A community's venues in use (the pickers), or with the archived ones (`withArchived`: the list that manages them). */
export function useVenues(communityId: Ref<number | undefined>, options: { withArchived?: boolean } = {}) {
  return useAsync<TVenue[]>(
    () => (communityId.value ? communitiesApi.venues(communityId.value, options.withArchived) : Promise.resolve([])),
    [communityId],
  );
}
