// The merchants module's public face for the rest of the web app: the merchant list, and a
// merchant's vouchers (the offer form and its calls) for the console's voucher page.
export { merchantVouchersApi } from './api';
export { default as OfferForm } from './components/OfferForm.vue';
export { useMerchants } from './composables/useMerchants';
