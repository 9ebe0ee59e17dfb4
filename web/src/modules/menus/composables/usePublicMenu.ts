import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { menusApi, type PublicMenu } from '../api';

export function usePublicMenu(week: Ref<string | undefined>) {
  return useAsync<PublicMenu | undefined>(
    async () => (week.value ? menusApi.publicMenu(week.value) : undefined),
    [week],
  );
}
