// The needs module's public face.
export { needsRoutes } from './needs.routes.js';
