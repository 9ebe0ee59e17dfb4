// The accounts module's public face: sign-in, sessions, logins and roles.
export { accountsRoutes } from './accounts.routes.js';
export { registerSessionLoading } from './sessions.js';
export { LOGIN_WINDOW_MS } from './accounts.service.js';
export { hashPassword } from './passwords.js';
// Used by residents (a resident's own login), the bootstrap, the hourly sweep and the demo.
export {
  deleteExpiredSessions,
  deleteFailuresBefore,
  findUserByPhone,
  insertRoles,
  insertUser,
  updatePasswordHash,
} from './accounts.repository.js';
// Check-in code throttling still shares the login failures table (to get a table of its own).
export { countFailuresSince, insertFailures } from './accounts.repository.js';
