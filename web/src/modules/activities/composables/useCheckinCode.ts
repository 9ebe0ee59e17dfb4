import type { TCheckinCode } from '@zhongli/domain';
import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { messageOf, type ApiError } from '../../../shared/http';
import { activitiesApi } from '../api';
import { clockSkew, nextCodeRefreshDelay, secondsLeft } from '../checkinTiming';

/**
 * The rotating check-in (or 签退) code for the organiser's screen: fetched again every 10 s and just after
 * it expires, with a one-second countdown. Stops when the page is left.
 */
export function useCheckinCode(activityId: Ref<number | undefined>, purpose: 'checkin' | 'checkout' = 'checkin') {
  const data = shallowRef<TCheckinCode>();
  const isLoading = ref(false);
  const error = shallowRef<ApiError | Error>();
  const errorText = ref('');
  const now = ref(Date.now());
  let skew = 0;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function refresh(): Promise<void> {
    if (refreshTimer) clearTimeout(refreshTimer);
    const id = activityId.value;
    if (!id || stopped) return;
    isLoading.value = true;
    try {
      const code = await (purpose === 'checkout' ? activitiesApi.checkoutCode(id) : activitiesApi.checkinCode(id));
      if (stopped || id !== activityId.value) return;
      data.value = code;
      skew = clockSkew(code.expiresAt, Date.now());
      error.value = undefined;
      errorText.value = '';
    } catch (caught) {
      error.value = caught instanceof Error ? caught : new Error(String(caught));
      errorText.value = messageOf(caught);
    } finally {
      isLoading.value = false;
    }
    if (stopped) return;
    // a failed fetch (Wi-Fi drop) is retried on the ordinary poll
    const delay = data.value ? nextCodeRefreshDelay(data.value.expiresAt, Date.now(), skew) : 10_000;
    refreshTimer = setTimeout(() => void refresh(), delay);
  }

  const ticker = setInterval(() => {
    now.value = Date.now();
  }, 1000);
  const secondsRemaining = computed(() => (data.value ? secondsLeft(data.value.expiresAt, now.value, skew) : 0));

  watch(activityId, () => void refresh(), { immediate: true });
  onBeforeUnmount(() => {
    stopped = true;
    clearInterval(ticker);
    if (refreshTimer) clearTimeout(refreshTimer);
  });
  return { data, isLoading, error, errorText, secondsRemaining, refresh };
}
