import type { Ref } from 'vue';
import type { TNotifications } from '@zhongli/domain';
import { useAsync } from '../../../shared/useAsync';
import { notificationsApi } from '../api';

/** My messages (waitlist promoted, activity changed or cancelled) and the unread count. */
export function useNotifications(enabled: Ref<boolean>) {
  return useAsync<TNotifications | undefined>(
    async () => (enabled.value ? notificationsApi.mine() : undefined),
    [enabled],
  );
}
