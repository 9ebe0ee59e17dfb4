import { useCommunityInQuery } from '../../../shared/useCommunityInQuery';

/**
 * The community a points page is about (see useCommunityInQuery). A visitor without a community
 * of their own picks one: the rules differ from community to community.
 */
export function usePointsCommunity() {
  return useCommunityInQuery({ fallback: () => undefined });
}
