// The imports module's public face (导入: Excel templates and uploads for residents and opening balances).
export { importsRoutes } from './imports.routes.js';
