// The communities module's public face: what other modules, the app and the demo may use.
export { communitiesRoutes } from './communities.routes.js';
export { holidaysRoutes } from './holidays.routes.js';
export { holidayCalendar, saveHolidays } from './holidays.service.js';
export {
  centerOf,
  publicBaseUrl,
  createCommunity,
  createVenue,
  findCommunity,
  findCommunityIncludingArchived,
  listCommunities,
} from './communities.service.js';
// Seeding (the demo county): plain inserts inside the seeding transaction, no policy or audit of their own.
export { insertCommunity, insertVenue } from './communities.repository.js';
// The setup checklist's read.
export { venueCountsByCommunity } from './communities.repository.js';
