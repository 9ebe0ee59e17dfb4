// The points module's public face: rules, awards and spending for the modules that move points.
export { pointsRoutes } from './points.routes.js';
export {
  approveAdjustment,
  awardByRule,
  findRule,
  grantAward,
  publishRuleVersion,
  requestAdjustment,
  rulesInForce,
  spendPoints,
} from './points.service.js';
export { checkLedgerIntegrity, lastIntegrityRun, verifyLedger, type IntegrityProgress } from './points.integrity.js';
// For the county-sized seed (demo/large.ts): the chain's hash, so generated entries verify like real ones.
export { entryHash } from './points.repository.js';
// The setup checklist's read.
export { ruleCountsByCommunity } from './points.repository.js';
export { saveTemplate } from './points.template.js';
// Opening balances (期初积分), for the Excel import: check, submit as a batch, decide, list.
export {
  approveOpeningBatch,
  checkOpeningImport,
  getOpeningBatch,
  listOpeningBatches,
  rejectOpeningBatch,
  submitOpeningBatch,
  summariseOpeningCheck,
  type OpeningImportRow,
} from './points.opening.js';
export { presentOpeningBatch, presentOpeningBatchDetail } from './points.presenter.js';
