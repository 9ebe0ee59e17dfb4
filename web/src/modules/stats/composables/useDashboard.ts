import { onBeforeUnmount, type Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { statsApi } from '../api';

/**
 * The dashboard for a period and a community (none: the county, or the staff member's own), reloaded
 * when either changes and, with `refreshMs`, on a timer (the 大屏). A failed refresh keeps the last
 * figures on screen; `error` says the connection dropped.
 */
export function useDashboard(
  period: Ref<{ from: string; to: string } | undefined>,
  communityId: Ref<number | undefined>,
  options: { refreshMs?: number } = {},
) {
  const state = useAsync(async () => {
    if (!period.value) return undefined;
    return statsApi.dashboard({ ...period.value, communityId: communityId.value });
  }, [period, communityId]);
  if (options.refreshMs) {
    const timer = setInterval(() => void state.reload(), options.refreshMs);
    onBeforeUnmount(() => clearInterval(timer));
  }
  return state;
}
