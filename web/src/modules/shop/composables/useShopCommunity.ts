import { useCommunityInQuery } from '../../../shared/useCommunityInQuery';

/**
 * The community a shop or voucher page is about (see useCommunityInQuery): a visitor without a
 * community of their own starts at the county's first community and picks another from the chips.
 * No community is named in code: which one a poster or the article means travels in `?communityId=`.
 */
export function useShopCommunity() {
  return useCommunityInQuery();
}
