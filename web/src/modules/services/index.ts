// The services module's public face for the rest of the web app.
export { default as GapsBanner } from './components/GapsBanner.vue';
