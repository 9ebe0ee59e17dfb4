// The shop module's public face for the rest of the web app.
export { useShopCommunity } from './composables/useShopCommunity';
