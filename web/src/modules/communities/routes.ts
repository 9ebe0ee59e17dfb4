import type { RouteRecordRaw } from 'vue-router';

export const communitiesConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'communities',
    name: 'console-communities',
    component: () => import('./views/ConsoleCommunitiesView.vue'),
    meta: { staff: true, centerAdmin: true, title: '社区与场地' },
  },
];
