// The merchants module's public face for the rest of the web app.
export { default as MerchantContributions } from './components/MerchantContributions.vue';
export { default as MerchantRatingCard } from './components/MerchantRatingCard.vue';
export { default as MerchantRequestsLink } from './components/MerchantRequestsLink.vue';
export { default as MerchantTrend } from './components/MerchantTrend.vue';
export { useMerchants } from './composables/useMerchants';
