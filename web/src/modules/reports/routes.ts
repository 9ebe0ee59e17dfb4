import type { RouteRecordRaw } from 'vue-router';

/** Pages outside the console layout: the printable report (A4). */
export const reportsRoutes: RouteRecordRaw[] = [
  {
    path: '/console/reports/print',
    name: 'console-report-print',
    component: () => import('./views/ConsoleReportPrintView.vue'),
    meta: { staff: true, title: '打印报表' },
  },
];

/** Children of /console. */
export const reportsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'reports',
    name: 'console-reports',
    component: () => import('./views/ConsoleReportsView.vue'),
    meta: { staff: true, title: '月报与周报' },
  },
];
