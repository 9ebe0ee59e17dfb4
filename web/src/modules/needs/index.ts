// The needs module's public face for the rest of the web app.
export { useNeedsPlan } from './composables/useNeedsPlan';
