import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { residentsApi, type ResidentListQuery } from '../api';

export function useResidentList(query: Ref<ResidentListQuery>) {
  return useAsync(() => residentsApi.list(query.value), [() => ({ ...query.value })]);
}
