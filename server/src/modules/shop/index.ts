// The shop module's public face.
export { shopRoutes } from './shop.routes.js';
export { createItem, recordDonation, redeemAtCounter } from './shop.service.js';
// The setup checklist's read.
export { countItems } from './shop.repository.js';
