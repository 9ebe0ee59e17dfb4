// The stats module on the web: the dashboard (the console's home) and the 数据大屏.
export { statsConsoleRoutes, statsRoutes } from './routes';
