import { computed, onMounted, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { storeToRefs } from 'pinia';
import { usePublicStore } from './center';
import { useAccountsStore } from '../modules/accounts/store';

/**
 * The community a public page is about (the needs board, the merchant wall), kept in
 * `?communityId=` so a link shares it. Without one: the signed-in resident's (or staff member's)
 * community, else the first.
 */
export function useCommunityInQuery() {
  const route = useRoute();
  const router = useRouter();
  const publicStore = usePublicStore();
  const { communities } = storeToRefs(publicStore);
  const { me, staffCommunityIds } = storeToRefs(useAccountsStore());
  const fromUrl = computed(() => {
    const raw = Number(route.query.communityId);
    return Number.isInteger(raw) && raw > 0 ? raw : undefined;
  });
  const fallback = computed(
    () => me.value?.resident?.communityId ?? staffCommunityIds.value[0] ?? communities.value[0]?.id,
  );
  const communityId = computed<number | undefined>({
    get: () => fromUrl.value ?? fallback.value,
    set: (value) => void router.replace({ query: { ...route.query, communityId: value ? String(value) : undefined } }),
  });
  watch(
    [fromUrl, fallback],
    ([url, own]) => {
      if (!url && own) communityId.value = own;
    },
    { immediate: true },
  );
  onMounted(() => void publicStore.loadCommunities().catch(() => undefined));
  return { communityId, communities, communityName: computed(() => publicStore.communityName(communityId.value)) };
}
