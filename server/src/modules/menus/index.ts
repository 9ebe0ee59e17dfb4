// The menus module's public face.
export { menusRoutes } from './menus.routes.js';
export { publishWeek } from './menus.service.js';
