import { useCommunityInQuery } from '../../../shared/useCommunityInQuery';

/** The community a needs page is about (see useCommunityInQuery). */
export const useNeedsCommunity = useCommunityInQuery;
