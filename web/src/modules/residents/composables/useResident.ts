import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { residentsApi } from '../api';

export function useResident(id: Ref<number>) {
  return useAsync(() => residentsApi.get(id.value), [id]);
}
