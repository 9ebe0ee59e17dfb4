import type { RouteRecordRaw } from 'vue-router';

/** Resident (phone) and public pages: small lazy chunks, Vant only. */
export const vouchersRoutes: RouteRecordRaw[] = [
  {
    path: '/vouchers',
    name: 'vouchers',
    component: () => import('./views/VouchersView.vue'),
    meta: { title: '商户代金券' },
  },
  {
    path: '/vouchers/mine',
    name: 'my-vouchers',
    component: () => import('./views/MyVouchersView.vue'),
    meta: { auth: true, title: '我的代金券' },
  },
];

/** Children of /console. */
export const vouchersConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'vouchers',
    name: 'console-vouchers',
    component: () => import('./views/ConsoleVouchersView.vue'),
    meta: { staff: true, title: '代金券' },
  },
];
