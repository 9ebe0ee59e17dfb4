// The services module's public face for the rest of the web app.
export { default as GapsBanner } from './components/GapsBanner.vue';
export { useServices } from './composables/useServices';
export { homeServiceTile } from './format';
