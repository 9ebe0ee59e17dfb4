// The notifications module's public face: other modules tell residents through notify().
export { notificationsRoutes } from './notifications.routes.js';
export { notify, type Notice } from './notifications.service.js';
