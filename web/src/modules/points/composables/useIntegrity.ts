import { ref } from 'vue';
import type { IntegrityMode } from '@zhongli/domain';
import { useAsync } from '../../../shared/useAsync';
import { pointsApi } from '../api';

/**
 * The ledger integrity check; it reads the ledger, so it runs only when asked (`run`): incremental
 * (what came after the last checkpoint) or full (everything from the first entry).
 */
export function useIntegrity() {
  const mode = ref<IntegrityMode>('incremental');
  const state = useAsync(() => pointsApi.integrity(mode.value), [], { immediate: false });
  async function run(which: IntegrityMode): Promise<void> {
    mode.value = which;
    await state.reload();
  }
  return { ...state, mode, run };
}

/** The last run of the check (上次核查: when, full or incremental, passed or not), read on opening the page. */
export function useIntegrityLastRun() {
  return useAsync(() => pointsApi.integrityLastRun());
}
