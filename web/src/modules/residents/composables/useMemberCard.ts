import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TMemberCard } from '@zhongli/domain';
import { residentsApi } from '../api';

/** The member card of a resident; `id` null (not a resident) gives no data and no request. */
export function useMemberCard(id: Ref<number | null | undefined>) {
  return useAsync<TMemberCard | undefined>(
    () => (id.value ? residentsApi.card(id.value) : Promise.resolve(undefined)),
    [id],
  );
}
