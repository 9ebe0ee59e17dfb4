import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { usePagedList } from '../../../shared/usePagedList';
import type { MerchantRequestStatus, TWallMerchant } from '@zhongli/domain';
import { partnersApi } from '../api';

/** The public wall of one community (党建联盟商户 and rated merchants). */
export function useMerchantWall(communityId: Ref<number | undefined>) {
  return usePagedList<TWallMerchant>(
    async (cursor) =>
      communityId.value ? partnersApi.wall(communityId.value, cursor) : { items: [], nextCursor: null },
    [communityId],
  );
}

/** A merchant's public page (the plaque's QR target). */
export function usePublicMerchant(id: Ref<number | undefined>) {
  return useAsync(async () => (id.value ? partnersApi.publicMerchant(id.value) : undefined), [id]);
}

/** The merchant's own record (the shop itself or staff of its community). */
export function useMerchantProfile(id: Ref<number | undefined>) {
  return useAsync(async () => (id.value ? partnersApi.merchant(id.value) : undefined), [id]);
}

export function useMerchantRating(id: Ref<number | undefined>) {
  return useAsync(async () => (id.value ? partnersApi.rating(id.value) : undefined), [id]);
}

/** Monthly ratings, newest first as the API gives them. */
export function useRatingTrend(id: Ref<number | undefined>) {
  return useAsync(async () => (id.value ? partnersApi.trend(id.value) : []), [id]);
}

export function useContributions(id: Ref<number | undefined>) {
  return useAsync(async () => (id.value ? partnersApi.contributions(id.value) : []), [id]);
}

export function useMerchantRequests(merchantId: Ref<number | undefined>) {
  return useAsync(async () => (merchantId.value ? partnersApi.requests(merchantId.value) : []), [merchantId]);
}

/** The requests queue of the staff member's communities. */
export function useStaffRequests(status: Ref<MerchantRequestStatus | undefined>) {
  return useAsync(() => partnersApi.staffRequests(status.value), [status]);
}
