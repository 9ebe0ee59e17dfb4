// The setup module's public face: the first-run checklist (开通向导), which only reads other modules.
export { setupRoutes } from './setup.routes.js';
