import type { RouteRecordRaw } from 'vue-router';

/** The dashboard page; the console's landing renders it too. */
export const dashboardView = () => import('./views/ConsoleDashboardView.vue');

/** Children of /console: the dashboard (also the console's home page, see `consoleLanding`). */
export const statsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'dashboard',
    name: 'console-dashboard',
    component: dashboardView,
    meta: { staff: true, title: '数据看板' },
  },
];

/** The 数据大屏: full screen, outside the console layout, for staff. */
export const statsRoutes: RouteRecordRaw[] = [
  {
    path: '/console/screen',
    name: 'console-screen',
    component: () => import('./views/DashboardScreenView.vue'),
    meta: { staff: true, title: '数据大屏' },
  },
];
