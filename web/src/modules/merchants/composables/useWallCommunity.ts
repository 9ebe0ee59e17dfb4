import { computed } from 'vue';
import { storeToRefs } from 'pinia';
import { useCommunityInQuery } from '../../../shared/useCommunityInQuery';
import { merchantIdOf, useAccountsStore } from '../../accounts/store';

/** The community the merchant wall shows (see useCommunityInQuery), and the viewer's own shop if they are a merchant. */
export function useWallCommunity() {
  const { me } = storeToRefs(useAccountsStore());
  return { ...useCommunityInQuery(), ownMerchantId: computed(() => merchantIdOf(me.value)) };
}
