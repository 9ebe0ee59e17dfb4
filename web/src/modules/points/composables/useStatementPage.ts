import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TPointsStatement } from '@zhongli/domain';
import { pointsApi } from '../api';

/** One page of a resident's statement (the console's paged table). */
export function useStatementPage(residentId: Ref<number | null | undefined>, page: Ref<number>, pageSize = 20) {
  return useAsync<TPointsStatement | undefined>(
    () => (residentId.value ? pointsApi.statement(residentId.value, page.value, pageSize) : Promise.resolve(undefined)),
    [residentId, page],
  );
}
