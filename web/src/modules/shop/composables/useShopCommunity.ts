import { useCommunityInQuery } from '../../../shared/useCommunityInQuery';

/** The community whose 社区益家 the article describes: the default for visitors. */
export const SHOP_DEFAULT_COMMUNITY_NAME = '太风东街社区';

/**
 * The community a shop or voucher page is about (see useCommunityInQuery). A visitor without a
 * community of their own sees 太风东街社区's when the county has it, else the first community's.
 */
export function useShopCommunity() {
  return useCommunityInQuery({
    fallback: (communities) =>
      communities.find((c) => c.name === SHOP_DEFAULT_COMMUNITY_NAME)?.id ?? communities[0]?.id,
  });
}
