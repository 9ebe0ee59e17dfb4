import { useAsync } from '../../../shared/useAsync';
import { pointsApi } from '../api';

/** The ledger integrity check; it reads the whole ledger, so it runs only when asked (`reload`). */
export function useIntegrity() {
  return useAsync(() => pointsApi.integrity(), [], { immediate: false });
}
