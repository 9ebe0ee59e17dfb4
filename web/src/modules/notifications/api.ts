import { http } from '../../shared/http';

// Hand-written until the notifications module's routes have response schemas in domain/.
export interface NotificationItem {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  at: string;
  read: boolean;
}

export interface Notifications {
  unread: number;
  items: NotificationItem[];
}

export const notificationsApi = {
  list: () => http.get<Notifications>('/api/notifications'),
  markRead: (upToId?: number) => http.post<void>('/api/notifications/read', upToId ? { upToId } : {}),
};
