import type { RouteRecordRaw } from 'vue-router';

export const communitiesConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'center',
    name: 'console-center',
    component: () => import('./views/ConsoleCenterView.vue'),
    meta: { staff: true, centerAdmin: true, title: '中心信息' },
  },
  {
    path: 'communities',
    name: 'console-communities',
    component: () => import('./views/ConsoleCommunitiesView.vue'),
    meta: { staff: true, centerAdmin: true, title: '社区与场地' },
  },
  {
    path: 'holidays',
    name: 'console-holidays',
    component: () => import('./views/ConsoleHolidaysView.vue'),
    meta: { staff: true, centerAdmin: true, title: '节假日安排' },
  },
];
