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

/** A shop's own phone pages (a merchant account lands on /merchant). */
export const merchantRoutes: RouteRecordRaw[] = [
  {
    path: '/merchant',
    name: 'merchant-home',
    component: () => import('./views/MerchantHomeView.vue'),
    meta: { merchant: true, title: '商户' },
  },
  {
    path: '/merchant/honour',
    name: 'merchant-honour',
    component: () => import('./views/MerchantHonourView.vue'),
    meta: { merchant: true, title: '核销代金券' },
  },
  {
    path: '/merchant/statement',
    name: 'merchant-statement',
    component: () => import('./views/MerchantStatementView.vue'),
    meta: { merchant: true, title: '代金券对账单' },
  },
  {
    path: '/merchant/offers/new',
    name: 'merchant-offer-new',
    component: () => import('./views/MerchantOfferNewView.vue'),
    meta: { merchant: true, title: '发布代金券' },
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
