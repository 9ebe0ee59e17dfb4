import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TRuleVersion } from '@zhongli/domain';
import { pointsApi } from '../api';

/** Every published version of a community's rules, newest first (公示). */
export function useRuleHistory(communityId: Ref<number | undefined>) {
  return useAsync<TRuleVersion[]>(
    () => (communityId.value ? pointsApi.ruleHistory(communityId.value) : Promise.resolve([])),
    [communityId],
  );
}
