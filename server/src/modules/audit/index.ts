// The audit module's public face: every module records its writes through recordAudit.
export { auditRoutes } from './audit.routes.js';
export { recordAudit, type AuditRecord } from './audit.service.js';
