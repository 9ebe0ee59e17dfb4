import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { menusApi, type WeekSubmissions } from '../api';

/** A week's submissions from every community, with clashes (the center's review). */
export function useSubmissions(week: Ref<string | undefined>) {
  return useAsync<WeekSubmissions | undefined>(
    async () => (week.value ? menusApi.submissions(week.value) : undefined),
    [week],
  );
}
