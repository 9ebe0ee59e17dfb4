import type { RouteRecordRaw } from 'vue-router';

export const merchantsConsoleRoutes: RouteRecordRaw[] = [
  { path: 'merchants', name: 'console-merchants', component: () => import('./views/ConsoleMerchantsView.vue'), meta: { staff: true, centerAdmin: true, title: '商户' } },
];
