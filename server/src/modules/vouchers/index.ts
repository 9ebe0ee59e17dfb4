// The vouchers module's public face.
export { vouchersRoutes } from './vouchers.routes.js';
export { claimVoucher, createOffer } from './vouchers.service.js';
