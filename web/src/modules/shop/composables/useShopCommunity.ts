import { computed, onMounted, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { storeToRefs } from 'pinia';
import { usePublicStore } from '../../../shared/center';
import { useAccountsStore } from '../../accounts/store';

/** The community whose 社区益家 the article describes: the default for visitors. */
export const SHOP_DEFAULT_COMMUNITY_NAME = '太风东街社区';

/**
 * The community a shop or voucher page is about, kept in `?communityId=` so a link or a QR can
 * name it. Without one: the signed-in resident's (or staff member's) own community, else
 * 太风东街社区 when the county has it, else the first community.
 */
export function useShopCommunity() {
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
    () =>
      me.value?.resident?.communityId ??
      staffCommunityIds.value[0] ??
      communities.value.find((c) => c.name === SHOP_DEFAULT_COMMUNITY_NAME)?.id ??
      communities.value[0]?.id,
  );
  const communityId = computed<number | undefined>({
    get: () => fromUrl.value ?? fallback.value,
    set: (value) => {
      void router.replace({ query: { ...route.query, communityId: value ? String(value) : undefined } });
    },
  });
  const communityName = computed(() => publicStore.communityName(communityId.value));

  watch(
    [fromUrl, fallback],
    ([url, own]) => {
      if (!url && own) communityId.value = own;
    },
    { immediate: true },
  );
  onMounted(() => void publicStore.loadCommunities().catch(() => undefined));
  return { communityId, communityName, communities };
}
