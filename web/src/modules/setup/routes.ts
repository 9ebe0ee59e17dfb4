import type { RouteRecordRaw } from 'vue-router';

export const setupConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'setup',
    name: 'console-setup',
    component: () => import('./views/ConsoleSetupView.vue'),
    meta: { staff: true, centerAdmin: true, title: '开通向导' },
  },
];
