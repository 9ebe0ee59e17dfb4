import { useAsync } from '../../../shared/useAsync';
import { menusApi, type MenuCurrent } from '../api';

/** This week, next week and next week's submission deadline (the server's clock). */
export function useMenuCurrent() {
  return useAsync<MenuCurrent>(() => menusApi.current());
}
