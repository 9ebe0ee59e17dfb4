import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { notificationsApi, type Notifications } from '../api';

/** My messages (waitlist promoted, activity changed or cancelled) and the unread count. */
export function useNotifications(enabled: Ref<boolean>) {
  return useAsync<Notifications | undefined>(
    async () => (enabled.value ? notificationsApi.list() : undefined),
    [enabled],
  );
}
