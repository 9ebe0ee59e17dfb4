import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { servicesApi } from '../api';
import type { TServiceSessionDisplay, TServiceSessionQueue } from '@zhongli/domain';
import { usePolling } from './usePolling';

export const QUEUE_POLL_MS = 4_000;
export const DISPLAY_POLL_MS = 3_000;

/** The call screen's queue, fetched again every few seconds (another volunteer may be calling too). */
export function useQueue(sessionId: Ref<number | undefined>) {
  const state = useAsync<TServiceSessionQueue | undefined>(
    async () => (sessionId.value ? servicesApi.queue(sessionId.value) : undefined),
    [sessionId],
  );
  usePolling(() => state.reload(), QUEUE_POLL_MS);
  return state;
}

/** The waiting-hall screen's numbers, every 3 s. */
export function useDisplay(sessionId: Ref<number | undefined>) {
  const state = useAsync<TServiceSessionDisplay | undefined>(
    async () => (sessionId.value ? servicesApi.display(sessionId.value) : undefined),
    [sessionId],
  );
  usePolling(() => state.reload(), DISPLAY_POLL_MS);
  return state;
}
