import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { communitiesApi, type Venue } from '../api';

export function useVenues(communityId: Ref<number | undefined>) {
  return useAsync<Venue[]>(
    () => (communityId.value ? communitiesApi.venues(communityId.value) : Promise.resolve([])),
    [communityId],
  );
}
