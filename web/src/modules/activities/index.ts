// The activities module's public face for the rest of the web app.
export { activitiesApi } from './api';
export { default as ActivityCard } from './components/ActivityCard.vue';
export { formatActivityWhen, formatTimeRange, STATUS_LABELS, STATUS_TAG } from './format';
export { default as WeekStepper } from './components/WeekStepper.vue';
export { useMenuCurrent } from './composables/useMenuCurrent';
export { weekNameZh, weekRangeZh } from './weeks';
