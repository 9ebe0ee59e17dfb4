// The merchants module's public face: merchants, partners, contributions and ratings.
export { merchantsRoutes } from './merchants.routes.js';
export { merchantPartnersRoutes } from './partners.routes.js';
export { canManageMerchant, merchantIdsOf } from './merchants.policy.js';
export { confirmContribution, moveRequest, raiseRequest, recordContribution, rerateMonth } from './partners.service.js';
export { activitySponsors } from './partners.repository.js';
// Read by shop, vouchers and activities; contributions are still inserted directly (to become a use case).
export { findMerchant, insertContribution, insertMerchant } from './merchants.repository.js';
