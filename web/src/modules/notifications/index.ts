// The notifications module's public face for the web app: a resident's messages (waitlist promoted,
// activity changed or cancelled), read by the home page and 我的活动.
export { notificationsApi } from './api';
export type { NotificationItem, Notifications } from './api';
export { useNotifications } from './composables/useNotifications';
