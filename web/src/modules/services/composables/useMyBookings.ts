import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { servicesApi, type MyBooking } from '../api';

/** The signed-in resident's bookings (empty when signed out or not a resident). */
export function useMyBookings(enabled: Ref<boolean>) {
  return useAsync<MyBooking[]>(async () => (enabled.value ? servicesApi.myBookings() : []), [enabled]);
}
