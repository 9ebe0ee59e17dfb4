// The services module's public face.
export { servicesRoutes } from './services.routes.js';
export { createService, ensureAllSessions } from './services.service.js';
export { addVolunteer, generateMonthRota, setAvailability } from './rota.service.js';
export { bookSession } from './bookings.service.js';
export { listSessions } from './services.repository.js';
