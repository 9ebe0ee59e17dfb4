// The activities module's public face for the rest of the web app.
export { activitiesApi } from './api';
export { default as ActivityCard } from './components/ActivityCard.vue';
export { useNotifications } from './composables/useNotifications';
export { formatActivityWhen, formatTimeRange, STATUS_LABELS, STATUS_TAG } from './format';
