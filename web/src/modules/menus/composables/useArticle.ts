import type { TArticle } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { menusApi } from '../api';

export function useArticle(week: Ref<string | undefined>) {
  return useAsync<TArticle | undefined>(async () => (week.value ? menusApi.article(week.value) : undefined), [week]);
}
