// The accounts module's public face for the rest of the web app.
export { accountsApi } from './api';
export { useUsers } from './composables/useUsers';
