import { computed } from 'vue';
import { storeToRefs } from 'pinia';
import { usePublicStore } from '../../../shared/center';
import { useSessionStore } from '../../../shared/session';

/**
 * Communities for pickers. A community staff member only sees their own communities (the
 * server would refuse the others anyway); a center admin sees all.
 */
export function useCommunities() {
  const publicStore = usePublicStore();
  const accounts = useSessionStore();
  const { communities } = storeToRefs(publicStore);
  const isLoading = computed(() => false);
  const data = computed(() => {
    if (accounts.centerAdmin) return communities.value;
    const mine = new Set(accounts.staffCommunityIds);
    return communities.value.filter((c) => mine.has(c.id));
  });
  const error = computed(() => undefined);
  function reload(force = false) {
    return publicStore.loadCommunities(force);
  }
  void reload().catch(() => undefined);
  return { data, isLoading, error, reload };
}
