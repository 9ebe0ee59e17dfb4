import type { TNotifications, TNotificationsRead } from '@zhongli/domain';
import { http } from '../../shared/http';

export const notificationsApi = {
  mine: () => http.get<TNotifications>('/api/notifications'),
  /** all of my messages, or those up to (and including) `upToId` */
  markRead: (upToId?: number) =>
    http.post<void>('/api/notifications/read', (upToId ? { upToId } : {}) satisfies TNotificationsRead),
};
