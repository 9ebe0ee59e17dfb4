// The calls module's public face (待电话通知): its routes, and the call list a cancel or change opens in its own transaction.
export { callsRoutes } from './calls.routes.js';
export { openCallList, type CallListRequest } from './calls.service.js';
