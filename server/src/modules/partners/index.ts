// The partners module's public face: partners of activities as records.
export { partnersRoutes } from './partners.routes.js';
// The activities module checks the partners an activity names; the demo registers its partners.
export { createPartner, findPartners } from './partners.service.js';
