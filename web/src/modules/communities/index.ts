// The communities module's public face for the rest of the web app.
export { communitiesApi } from './api';
export { useCommunities } from './composables/useCommunities';
export { useVenues } from './composables/useVenues';
