// The accounts module's public face: sign-in, sessions, logins and roles.
export { accountsRoutes } from './accounts.routes.js';
export { registerSessionLoading } from './sessions.js';
export { hashPassword } from './passwords.js';
// Logins for residents (a resident's own login, inside its registration), the bootstrap, the demo and the sweep.
export { createLogin, ensureCenterAdmin, isPhoneTaken, setLoginPassword, sweepSignIns } from './accounts.service.js';
