// The residents module's public face: its routes, and finding a resident for the modules that act for one.
export { residentsRoutes } from './residents.routes.js';
export {
  ensureActiveResident,
  findResident,
  findResidentByIdNumber,
  findResidentByMemberCode,
  findResidentByPhone,
  findResidentOfLogin,
} from './residents.service.js';
// Excel imports (导入): the registration path for a whole sheet, in one transaction, and the card sheet.
export {
  checkResidentImport,
  importResidents,
  memberCardSheet,
  summariseResidentCheck,
  type ResidentImportRow,
} from './residents.import.js';
// For seeding only (the demo county): a plain insert inside the seeding transaction, without the desk's checks,
// policy or audit entry, and the keyed ID-number digest the desk computes. Everything else registers residents
// through POST /api/residents (registerResident).
export { insertResident } from './residents.repository.js';
export { idNumberDigest } from './identity.js';
