import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { servicesApi } from '../api';
import type { TMyBooking } from '@zhongli/domain';

/** The signed-in resident's bookings (empty when signed out or not a resident). */
export function useMyBookings(enabled: Ref<boolean>) {
  return useAsync<TMyBooking[]>(async () => (enabled.value ? servicesApi.myBookings() : []), [enabled]);
}
