// The residents module's public face: finding a resident, and seeding the demo county.
export { residentsRoutes } from './residents.routes.js';
export { findResident, findResidentByMemberCode, insertResident } from './residents.repository.js';
export { idNumberDigest } from './identity.js';
