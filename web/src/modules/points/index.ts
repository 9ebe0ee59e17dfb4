// The points module's public face for the rest of the web app.
export { pointsApi } from './api';
export { usePointsBalance } from './composables/usePointsBalance';
