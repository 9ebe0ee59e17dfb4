import type { RouteRecordRaw } from 'vue-router';

/** Children of /console: 共建单位 (partners of activities) and one partner's page. */
export const partnersConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'partners',
    name: 'console-partners',
    component: () => import('./views/ConsolePartnersView.vue'),
    meta: { staff: true, title: '共建单位' },
  },
  {
    path: 'partners/:id(\\d+)',
    name: 'console-partner',
    component: () => import('./views/ConsolePartnerView.vue'),
    meta: { staff: true, title: '合作方' },
  },
];
