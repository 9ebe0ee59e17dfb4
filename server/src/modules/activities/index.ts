// The activities module's public face.
export { activitiesRoutes } from './activities.routes.js';
export { approveActivity, createActivity, createPartner, submitActivity } from './activities.service.js';
export { register } from './registrations.service.js';
export { checkIn, prepareCheckIn } from './checkins.service.js';
