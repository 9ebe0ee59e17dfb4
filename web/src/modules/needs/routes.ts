import type { RouteRecordRaw } from 'vue-router';

export const needsRoutes: RouteRecordRaw[] = [
  { path: '/needs', name: 'needs', component: () => import('./views/NeedsView.vue'), meta: { title: '居民点单' } },
];

/** Children of /console. */
export const needsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'needs',
    name: 'console-needs',
    component: () => import('./views/ConsoleNeedsView.vue'),
    meta: { staff: true, title: '居民需求' },
  },
  {
    path: 'needs/desk',
    name: 'console-needs-desk',
    component: () => import('./views/ConsoleNeedsDeskView.vue'),
    meta: { staff: true, title: '代点单' },
  },
];
