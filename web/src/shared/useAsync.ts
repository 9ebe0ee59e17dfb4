import { ref, shallowRef, watch, type Ref, type WatchSource } from 'vue';
import { type ApiError, messageOf } from './http';

export interface AsyncState<T> {
  data: Ref<T | undefined>;
  isLoading: Ref<boolean>;
  error: Ref<ApiError | Error | undefined>;
  /** Chinese message for `error`, or ''. */
  errorText: Ref<string>;
  reload: () => Promise<void>;
}

/**
 * The shape every composable returns: `{ data, isLoading, error }`. Re-runs when `sources`
 * change; a slower earlier response never overwrites a newer one.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  sources: WatchSource[] = [],
  options: { immediate?: boolean } = {},
): AsyncState<T> {
  const data = shallowRef<T | undefined>(undefined) as Ref<T | undefined>;
  const isLoading = ref(false);
  const error = shallowRef<ApiError | Error | undefined>(undefined);
  const errorText = ref('');
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    isLoading.value = true;
    error.value = undefined;
    errorText.value = '';
    try {
      const value = await load();
      if (mine === generation) data.value = value;
    } catch (caught) {
      if (mine !== generation) return;
      error.value = caught instanceof Error ? caught : new Error(String(caught));
      errorText.value = messageOf(caught);
    } finally {
      if (mine === generation) isLoading.value = false;
    }
  }

  if (sources.length) watch(sources, () => void reload());
  if (options.immediate !== false) void reload();
  return { data, isLoading, error, errorText, reload };
}
