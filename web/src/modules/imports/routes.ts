import type { RouteRecordRaw } from 'vue-router';

/** Children of /console. */
export const importsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'imports',
    name: 'console-imports',
    component: () => import('./views/ConsoleImportsView.vue'),
    meta: { staff: true, title: '批量导入' },
  },
];
