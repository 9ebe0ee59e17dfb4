import { onBeforeUnmount } from 'vue';

/**
 * Calls `tick` every `ms` while the page is open, skipping beats while the tab is hidden (a
 * screen left on overnight must not hammer the server) and catching up as soon as it is shown.
 */
export function usePolling(tick: () => Promise<void> | void, ms: number): { stop: () => void } {
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const timer = setInterval(() => {
    if (!hidden()) void tick();
  }, ms);
  const onVisible = () => {
    if (!hidden()) void tick();
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible);
  function stop(): void {
    clearInterval(timer);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible);
  }
  onBeforeUnmount(stop);
  return { stop };
}
