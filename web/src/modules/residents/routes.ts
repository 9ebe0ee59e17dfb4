import type { RouteRecordRaw } from 'vue-router';

/** Pages outside the console layout (the resident's home composes modules: it lives in web/src/shell). */
export const residentsRoutes: RouteRecordRaw[] = [
  {
    // outside the console layout: the page is only the card, sized for printing
    path: '/console/residents/:id(\\d+)/card',
    name: 'console-resident-card',
    component: () => import('./views/ConsoleResidentCardView.vue'),
    meta: { staff: true, title: '打印会员卡' },
  },
  {
    // A4 sheets of ten cards with cutting lines: one import's residents (?importId=) or those registered since a date
    path: '/console/residents/cards',
    name: 'console-resident-cards',
    component: () => import('./views/ConsoleMemberCardSheetView.vue'),
    meta: { staff: true, title: '会员卡批量打印' },
  },
];

/** Children of /console. */
export const residentsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'residents',
    name: 'console-residents',
    component: () => import('./views/ConsoleResidentsView.vue'),
    meta: { staff: true, title: '居民' },
  },
  {
    path: 'residents/new',
    name: 'console-resident-new',
    component: () => import('./views/ConsoleResidentNewView.vue'),
    meta: { staff: true, title: '登记居民' },
  },
  {
    path: 'residents/:id(\\d+)',
    name: 'console-resident',
    component: () => import('./views/ConsoleResidentDetailView.vue'),
    meta: { staff: true, title: '居民详情' },
  },
];
