// The vouchers module's public face for the rest of the web app.
export { useMerchantAccount } from './composables/useMerchantAccount';
