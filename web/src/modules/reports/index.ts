// The reports module's public face for the rest of the web app (its pages are in routes.ts).
export { reportsApi } from './api';
