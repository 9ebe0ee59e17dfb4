import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { needsApi, type Need } from '../api';

export function usePublicNeeds(communityId: Ref<number | undefined>) {
  return useAsync<Need[]>(async () => (communityId.value ? needsApi.publicList(communityId.value) : []), [communityId]);
}
