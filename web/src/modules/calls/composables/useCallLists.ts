import type { TCallListDetail, TCallLists } from '@zhongli/domain';
import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { callsApi } from '../api';

/** The last 30 days' call lists holding this desk's residents, open ones first. */
export function useCallLists() {
  return useAsync<TCallLists>(() => callsApi.lists());
}

/** One call list with its entries, the ones still to call first. */
export function useCallList(id: Ref<number>) {
  return useAsync<TCallListDetail | undefined>(async () => (id.value ? callsApi.list(id.value) : undefined), [id]);
}
