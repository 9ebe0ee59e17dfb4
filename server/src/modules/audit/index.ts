// The audit module's public face: every module records its writes through recordAudit.
export { auditRoutes } from './audit.routes.js';
export { auditedExport, recordAudit, type AuditRecord, type ExportRecord } from './audit.service.js';
