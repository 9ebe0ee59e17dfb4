import type { RouteRecordRaw } from 'vue-router';

/** Resident (phone) and public pages: small lazy chunks, Vant only. */
export const shopRoutes: RouteRecordRaw[] = [
  { path: '/shop', name: 'shop', component: () => import('./views/ShopView.vue'), meta: { title: '社区益家' } },
  // the QR code on each blue shelf label opens this
  {
    path: '/shop/items/:id(\\d+)',
    name: 'shop-item',
    component: () => import('./views/ShopItemView.vue'),
    meta: { title: '社区益家物品' },
  },
  {
    path: '/shop/donors',
    name: 'shop-donors',
    component: () => import('./views/DonorsView.vue'),
    meta: { title: '爱心榜' },
  },
  {
    path: '/shop/receipts/:id(\\d+)',
    name: 'shop-receipt',
    component: () => import('./views/ReceiptView.vue'),
    meta: { auth: true, title: '兑换凭条' },
  },
  {
    // outside the console layout: the page is only the A4 sheet of labels, sized for printing
    path: '/console/shop/labels',
    name: 'console-shop-labels',
    component: () => import('./views/ConsoleLabelsView.vue'),
    meta: { staff: true, title: '货架标签' },
  },
];

/** Children of /console. */
export const shopConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'shop/counter',
    name: 'console-shop-counter',
    component: () => import('./views/ConsoleCounterView.vue'),
    meta: { staff: true, title: '兑换柜台' },
  },
  {
    path: 'shop/items',
    name: 'console-shop-items',
    component: () => import('./views/ConsoleItemsView.vue'),
    meta: { staff: true, title: '物品与库存' },
  },
];
