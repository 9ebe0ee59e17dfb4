import { computed, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { storeToRefs } from 'pinia';
import { useAccountsStore } from '../../accounts/store';

/**
 * The community a points page is about, kept in `?communityId=` so links and QR codes can name
 * it. Without one, the signed-in resident's own community (or a staff member's) is used.
 */
export function usePointsCommunity() {
  const route = useRoute();
  const router = useRouter();
  const { me, staffCommunityIds } = storeToRefs(useAccountsStore());

  const fromUrl = computed(() => {
    const raw = Number(route.query.communityId);
    return Number.isInteger(raw) && raw > 0 ? raw : undefined;
  });
  const fallback = computed(() => me.value?.resident?.communityId ?? staffCommunityIds.value[0]);
  const communityId = computed<number | undefined>({
    get: () => fromUrl.value ?? fallback.value,
    set: (value) => {
      void router.replace({ query: { ...route.query, communityId: value ? String(value) : undefined } });
    },
  });

  // put the default in the URL, so the address can be shared as it is
  watch(
    [fromUrl, fallback],
    ([url, own]) => {
      if (!url && own) communityId.value = own;
    },
    { immediate: true },
  );
  return { communityId };
}
