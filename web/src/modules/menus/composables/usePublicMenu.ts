import type { TPublicMenu } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { menusApi } from '../api';

export function usePublicMenu(week: Ref<string | undefined>) {
  return useAsync<TPublicMenu | undefined>(
    async () => (week.value ? menusApi.publicMenu(week.value) : undefined),
    [week],
  );
}
