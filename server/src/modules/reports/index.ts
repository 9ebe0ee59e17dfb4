// The reports module's public face (月报、周报): its routes.
export { reportsRoutes } from './reports.routes.js';
