// The menus module's public face for the rest of the web app.
export { menusApi } from './api';
export { default as WeekStepper } from './components/WeekStepper.vue';
export { useMenuCurrent } from './composables/useMenuCurrent';
export { weekNameZh } from './grouping';
