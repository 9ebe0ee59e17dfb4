import { computed } from 'vue';
import { storeToRefs } from 'pinia';
import { useCommunityInQuery } from '../../../shared/useCommunityInQuery';
import { merchantIdOf, useSessionStore } from '../../../shared/session';

/** The community the merchant wall shows (see useCommunityInQuery), and the viewer's own shop if they are a merchant. */
export function useWallCommunity() {
  const { me } = storeToRefs(useSessionStore());
  return { ...useCommunityInQuery(), ownMerchantId: computed(() => merchantIdOf(me.value)) };
}
