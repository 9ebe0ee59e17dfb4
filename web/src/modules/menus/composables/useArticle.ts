import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { menusApi, type Article } from '../api';

export function useArticle(week: Ref<string | undefined>) {
  return useAsync<Article | undefined>(async () => (week.value ? menusApi.article(week.value) : undefined), [week]);
}
