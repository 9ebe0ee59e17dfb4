// The publicity module's public face.
export { publicityRoutes } from './publicity.routes.js';
export { publishResult } from './publicity.service.js';
