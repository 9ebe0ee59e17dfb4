import type { TMenuCurrent } from '@zhongli/domain';
import { useAsync } from '../../../shared/useAsync';
import { activitiesApi } from '../api';

/** This week, next week and next week's submission deadline (the server's clock). */
export function useMenuCurrent() {
  return useAsync<TMenuCurrent>(() => activitiesApi.menuCurrent());
}
