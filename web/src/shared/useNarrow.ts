import { onBeforeUnmount, ref, type Ref } from 'vue';

/** Below this width the console is on a phone: the menu becomes a drawer and tables become cards. */
export const NARROW_QUERY = '(max-width: 768px)';

/**
 * Whether the window is phone-narrow, following rotation and resizing. One media query for every console
 * screen, so the menu and the card lists switch together.
 */
export function useNarrow(): { narrow: Ref<boolean> } {
  const media = typeof window === 'undefined' || !window.matchMedia ? null : window.matchMedia(NARROW_QUERY);
  const narrow = ref(media?.matches ?? false);
  const follow = (event: MediaQueryListEvent): void => {
    narrow.value = event.matches;
  };
  media?.addEventListener('change', follow);
  onBeforeUnmount(() => media?.removeEventListener('change', follow));
  return { narrow };
}
