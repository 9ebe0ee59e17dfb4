import type { TWeekSubmissions } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { menusApi } from '../api';

/** A week's submissions from every community, with clashes (the center's review). */
export function useSubmissions(week: Ref<string | undefined>) {
  return useAsync<TWeekSubmissions | undefined>(
    async () => (week.value ? menusApi.submissions(week.value) : undefined),
    [week],
  );
}
