// The notifications module's public face for the rest of the web app: my messages and marking them read.
export { notificationsApi } from './api';
export { useNotifications } from './composables/useNotifications';
