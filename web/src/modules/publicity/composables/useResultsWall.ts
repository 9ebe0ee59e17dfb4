import type { TActivityResult } from '@zhongli/domain';
import { ref, shallowRef, watch, type Ref } from 'vue';
import { messageOf } from '../../../shared/http';
import { publicityApi } from '../api';

/** The results wall, newest first, one page at a time ("看更多" appends). */
export function useResultsWall(communityId: Ref<number | undefined>) {
  const data = shallowRef<TActivityResult[]>([]);
  const isLoading = ref(false);
  const error = shallowRef<Error>();
  const errorText = ref('');
  const hasMore = ref(false);
  let page = 0;
  let generation = 0;

  async function load(reset: boolean): Promise<void> {
    const mine = reset ? ++generation : generation;
    if (reset) page = 0;
    isLoading.value = true;
    error.value = undefined;
    errorText.value = '';
    try {
      const result = await publicityApi.results({ communityId: communityId.value, page: page + 1 });
      if (mine !== generation) return;
      page = result.page;
      data.value = reset ? result.results : [...data.value, ...result.results];
      hasMore.value = result.hasMore;
    } catch (caught) {
      if (mine !== generation) return;
      error.value = caught instanceof Error ? caught : new Error(String(caught));
      errorText.value = messageOf(caught);
    } finally {
      if (mine === generation) isLoading.value = false;
    }
  }

  watch(communityId, () => void load(true), { immediate: true });
  return { data, isLoading, error, errorText, hasMore, loadMore: () => load(false), reload: () => load(true) };
}
