// The services module's public face.
export { servicesRoutes } from './services.routes.js';
export { createService, ensureAllServiceSessions, serviceSessionsStartingBetween } from './services.service.js';
export { addVolunteer, generateMonthRota, setAvailability } from './rota.service.js';
export { bookServiceSession } from './bookings.service.js';
// The setup checklist's read.
export { countServices } from './services.repository.js';
