import type { RouteRecordRaw } from 'vue-router';

export const publicityRoutes: RouteRecordRaw[] = [
  {
    path: '/results',
    name: 'results',
    component: () => import('./views/ResultsView.vue'),
    meta: { title: '活动成果展' },
  },
];
