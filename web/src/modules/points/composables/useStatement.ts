import { ref, shallowRef, watch, type Ref } from 'vue';
import { messageOf } from '../../../shared/http';
import type { TPointsStatement, TPointsStatementEntry } from '@zhongli/domain';
import { pointsApi } from '../api';

export interface StatementState {
  balance: number;
  name: string;
  entries: TPointsStatementEntry[];
  hasMore: boolean;
}

/**
 * A resident's balance and statement, newest first, growing page by page ("加载更多").
 * `data` holds every entry loaded so far; `loadMore` appends the next page. Entries already
 * shown are not repeated if new ones were added meanwhile (rows are keyed by id).
 */
export function useStatement(residentId: Ref<number | null | undefined>, pageSize = 20) {
  const data = shallowRef<StatementState | undefined>(undefined);
  const isLoading = ref(false);
  const error = shallowRef<Error | undefined>(undefined);
  const errorText = ref('');
  let page = 0;
  let generation = 0;

  async function fetchPage(next: number, mine: number): Promise<TPointsStatement | undefined> {
    const id = residentId.value;
    if (!id) return undefined;
    isLoading.value = true;
    error.value = undefined;
    errorText.value = '';
    try {
      const result = await pointsApi.statement(id, next, pageSize);
      return mine === generation ? result : undefined;
    } catch (caught) {
      if (mine === generation) {
        error.value = caught instanceof Error ? caught : new Error(String(caught));
        errorText.value = messageOf(caught);
      }
      return undefined;
    } finally {
      if (mine === generation) isLoading.value = false;
    }
  }

  async function reload(): Promise<void> {
    const mine = ++generation;
    page = 0;
    if (!residentId.value) {
      data.value = undefined;
      return;
    }
    const result = await fetchPage(1, mine);
    if (!result) return;
    page = 1;
    data.value = { balance: result.balance, name: result.name, entries: result.entries, hasMore: result.hasMore };
  }

  async function loadMore(): Promise<void> {
    if (!data.value?.hasMore || isLoading.value) return;
    const mine = generation;
    const result = await fetchPage(page + 1, mine);
    if (!result || !data.value) return;
    page += 1;
    const seen = new Set(data.value.entries.map((e) => e.id));
    data.value = {
      ...data.value,
      entries: [...data.value.entries, ...result.entries.filter((e) => !seen.has(e.id))],
      hasMore: result.hasMore,
    };
  }

  watch(residentId, () => void reload());
  void reload();
  return { data, isLoading, error, errorText, reload, loadMore };
}
