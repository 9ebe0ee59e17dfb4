import type { TNotification, TNotifications } from '@zhongli/domain';
import type { listForResident } from './notifications.repository.js';

type NotificationRow = Awaited<ReturnType<typeof listForResident>>[number];

export function presentNotification(row: NotificationRow): TNotification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    at: row.created_at,
    read: row.read_at != null,
  };
}

export function presentNotifications(mine: { items: NotificationRow[]; unread: number }): TNotifications {
  return { unread: mine.unread, items: mine.items.map(presentNotification) };
}
