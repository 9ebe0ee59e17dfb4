import type { RouteRecordRaw } from 'vue-router';

/** Public pages: the merchant wall and a merchant's page (the plaque's QR target), and the bare A5 plaque (outside the console layout). */
export const merchantsRoutes: RouteRecordRaw[] = [
  {
    path: '/merchants',
    name: 'merchant-wall',
    component: () => import('./views/MerchantWallView.vue'),
    meta: { title: '商户墙' },
  },
  {
    path: '/merchants/:id(\\d+)',
    name: 'merchant-public',
    component: () => import('./views/MerchantPublicView.vue'),
    meta: { title: '共建商户' },
  },
  {
    // outside the console layout: the page is only the A5 plaque, sized for printing
    path: '/console/merchants/:id(\\d+)/plaque',
    name: 'console-merchant-plaque',
    component: () => import('./views/ConsoleMerchantPlaqueView.vue'),
    meta: { staff: true, title: '商户牌匾' },
  },
];

/** The merchant portal: a shop's own phone pages (a merchant account lands on /merchant). */
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
  {
    path: '/merchant/requests',
    name: 'merchant-requests',
    component: () => import('./views/MerchantRequestsView.vue'),
    meta: { merchant: true, title: '我的诉求' },
  },
  {
    path: '/merchant/requests/new',
    name: 'merchant-request-new',
    component: () => import('./views/MerchantRequestNewView.vue'),
    meta: { merchant: true, title: '提出诉求' },
  },
];

/** Children of /console. */
export const merchantsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'merchants',
    name: 'console-merchants',
    component: () => import('./views/ConsoleMerchantsView.vue'),
    meta: { staff: true, centerAdmin: true, title: '商户' },
  },
  // community staff record contributions and answer requests for their own merchants
  {
    path: 'merchants/:id(\\d+)',
    name: 'console-merchant',
    component: () => import('./views/ConsoleMerchantView.vue'),
    meta: { staff: true, title: '商户参与与星级' },
  },
  {
    path: 'merchant-requests',
    name: 'console-merchant-requests',
    component: () => import('./views/ConsoleMerchantRequestsView.vue'),
    meta: { staff: true, title: '商户诉求' },
  },
];
