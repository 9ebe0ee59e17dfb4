// The merchants module's public face: merchants, partners, contributions and ratings.
export { merchantsRoutes } from './merchants.routes.js';
export { merchantPartnersRoutes } from './partners.routes.js';
export { canManageMerchant, merchantIdsOf } from './merchants.policy.js';
export { findMerchant } from './merchants.service.js';
export {
  activitySponsors,
  confirmContribution,
  liveRatings,
  moveRequest,
  raiseRequest,
  recordAutomaticContribution,
  recordContribution,
  rerateMonth,
  requestAge,
} from './partners.service.js';
// Seeding (the demo county): a plain insert inside the seeding transaction, no policy or audit of its own.
export { insertMerchant } from './merchants.repository.js';
