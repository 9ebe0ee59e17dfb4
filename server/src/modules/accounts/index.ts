// The accounts module's public face: sign-in, sessions, logins and roles.
export { accountsRoutes } from './accounts.routes.js';
export { forgetCachedSessions, registerSessionLoading, SESSION_CACHE_MS, SESSION_COOKIE } from './sessions.js';
export { hashPassword } from './passwords.js';
// Logins for residents (a resident's own login, inside its registration), the bootstrap, the demo and the sweep.
export {
  canManageLogin,
  checkNewPassword,
  createLogin,
  ensureCanManageLogin,
  ensureCenterAdmin,
  findLoginByPhone,
  findLoginsByPhones,
  isPhoneTaken,
  setLoginPassword,
  setLoginProfile,
  sweepSignIns,
} from './accounts.service.js';
// A session without the password check, for tests that sign in hundreds of residents (argon2 is slow on purpose).
export { openSession } from './accounts.service.js';
// The setup checklist's read.
export { staffCountsByCommunity } from './accounts.repository.js';
