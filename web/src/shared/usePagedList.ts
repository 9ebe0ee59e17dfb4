import { computed, ref, type WatchSource } from 'vue';
import { messageOf, type Page } from './http';
import { useAsync } from './useAsync';

/**
 * A public list that comes in pages (the county's shelf, the merchant wall): the first page through
 * `useAsync` (re-read when `sources` change), then `loadMore()` appends the next one (加载更多).
 */
export function usePagedList<T>(loadPage: (cursor?: string) => Promise<Page<T> | undefined>, sources: WatchSource[]) {
  const next = ref<string | null>(null);
  const isLoadingMore = ref(false);
  const state = useAsync<T[] | undefined>(async () => {
    const page = await loadPage();
    next.value = page?.nextCursor ?? null;
    return page?.items;
  }, sources);

  async function loadMore(): Promise<void> {
    const cursor = next.value;
    const shown = state.data.value;
    if (!cursor || !shown || isLoadingMore.value) return;
    isLoadingMore.value = true;
    try {
      const page = await loadPage(cursor);
      // The list was re-read meanwhile (another community chosen): this page belongs to the old one.
      if (!page || state.data.value !== shown) return;
      state.data.value = [...shown, ...page.items];
      next.value = page.nextCursor;
    } catch (caught) {
      state.errorText.value = messageOf(caught);
    } finally {
      isLoadingMore.value = false;
    }
  }

  return { ...state, hasMore: computed(() => next.value !== null), isLoadingMore, loadMore };
}
