// The calls module's public face for the rest of the web app: the notice a cancel or change shows.
export { default as CallListNotice } from './components/CallListNotice.vue';
