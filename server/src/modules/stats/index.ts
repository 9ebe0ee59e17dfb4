// The stats module (统计): a read model over the other modules' tables — it writes nothing. Reports
// build on `periodFigures`; the bench runs `STATS_QUERIES` one by one.
export { statsRoutes } from './stats.routes.js';
export { periodFigures, statsScopeOf } from './stats.service.js';
export type { StatsScope } from './stats.repository.js';
export { STATS_QUERIES, type StatsQuery } from './stats.queries.js';
