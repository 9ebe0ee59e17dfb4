// The partners module's public face: its console pages (routes.ts). The activity form keeps its own
// picker call to /api/partners: the merchants module (a 爱心商家 is one) already builds on activities.
export { partnersApi } from './api';
