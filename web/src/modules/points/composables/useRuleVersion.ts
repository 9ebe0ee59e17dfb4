import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TRuleVersion } from '@zhongli/domain';
import { pointsApi } from '../api';

/**
 * The rules in force in a community. A community without rules answers 404: `error.code` is
 * then 'NOT_FOUND', which pages show as "还没有发布" rather than as a failure.
 */
export function useRuleVersion(communityId: Ref<number | undefined>) {
  return useAsync<TRuleVersion | undefined>(
    () => (communityId.value ? pointsApi.currentRules(communityId.value) : Promise.resolve(undefined)),
    [communityId],
  );
}
