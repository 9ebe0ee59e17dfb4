import { computed, onMounted, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { storeToRefs } from 'pinia';
import type { TCommunity } from '@zhongli/domain';
import { usePublicStore } from './center';
import { useSessionStore } from './session';

export interface CommunityInQueryOptions {
  /**
   * The community for a visitor with none of their own (not signed in, or an account without a
   * community). Default: the county's first community; `() => undefined` leaves the choice open.
   */
  fallback?: (communities: TCommunity[]) => number | undefined;
  /** The page can show every community at once (no `?communityId=`): nothing is chosen for the visitor. */
  allCommunities?: boolean;
}

/**
 * The community a page is about (the needs board, the merchant wall, the shop, the points rules),
 * kept in `?communityId=` so a link or a QR code can name it. Without one: the signed-in
 * resident's (or staff member's) own community, else the page's fallback — or, on a page that can
 * show every community (`allCommunities`), none. The chosen community is written into the address,
 * so it can be shared as it is.
 */
export function useCommunityInQuery({
  fallback = (list) => list[0]?.id,
  allCommunities = false,
}: CommunityInQueryOptions = {}) {
  const route = useRoute();
  const router = useRouter();
  const publicStore = usePublicStore();
  const { communities } = storeToRefs(publicStore);
  const { me, staffCommunityIds } = storeToRefs(useSessionStore());
  const fromUrl = computed(() => {
    const raw = Number(route.query.communityId);
    return Number.isInteger(raw) && raw > 0 ? raw : undefined;
  });
  const own = computed(() =>
    allCommunities
      ? undefined
      : (me.value?.resident?.communityId ?? staffCommunityIds.value[0] ?? fallback(communities.value)),
  );
  const communityId = computed<number | undefined>({
    get: () => fromUrl.value ?? own.value,
    set: (value) => void router.replace({ query: { ...route.query, communityId: value ? String(value) : undefined } }),
  });
  watch(
    [fromUrl, own],
    ([url, mine]) => {
      if (!url && mine) communityId.value = mine;
    },
    { immediate: true },
  );
  onMounted(() => void publicStore.loadCommunities().catch(() => undefined));
  return { communityId, communities, communityName: computed(() => publicStore.communityName(communityId.value)) };
}
