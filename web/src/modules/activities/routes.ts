import type { RouteRecordRaw } from 'vue-router';

/** Resident (phone) and public pages: small lazy chunks, Vant only. */
export const activitiesRoutes: RouteRecordRaw[] = [
  {
    path: '/activities/:id(\\d+)',
    name: 'activity',
    component: () => import('./views/ActivityView.vue'),
    meta: { title: '活动详情' },
  },
  // the organiser's rotating QR opens this; signing in comes back here (?redirect=)
  {
    path: '/checkin/:id(\\d+)',
    name: 'checkin',
    component: () => import('./views/CheckinView.vue'),
    meta: { auth: true, title: '活动签到' },
  },
  // the organiser's 签退 QR (volunteer activities) opens the same page in check-out mode
  {
    path: '/checkout/:id(\\d+)',
    name: 'checkout',
    component: () => import('./views/CheckinView.vue'),
    meta: { auth: true, title: '志愿服务签退' },
  },
  {
    path: '/me/activities',
    name: 'my-activities',
    component: () => import('./views/MyActivitiesView.vue'),
    meta: { auth: true, title: '我的活动' },
  },
  {
    // held up to the room on a phone or tablet: no console chrome, just the big QR
    path: '/console/activities/:id(\\d+)/checkin',
    name: 'console-activity-checkin',
    component: () => import('./views/ConsoleCheckinView.vue'),
    meta: { staff: true, title: '活动签到' },
  },
  {
    // a printable page: no console chrome, only the A4 sheet (PrintPage)
    path: '/console/activities/:id(\\d+)/sign-in-sheet',
    name: 'console-activity-sign-in-sheet',
    component: () => import('./views/ConsoleSignInSheetView.vue'),
    meta: { staff: true, title: '签到表' },
  },
  {
    path: '/console/activities/:id(\\d+)/checkout',
    name: 'console-activity-checkout',
    component: () => import('./views/ConsoleCheckinView.vue'),
    meta: { staff: true, title: '志愿服务签退' },
  },
];

/** Children of /console. */
export const activitiesConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'activities',
    name: 'console-activities',
    component: () => import('./views/ConsoleActivitiesView.vue'),
    meta: { staff: true, title: '活动管理' },
  },
];
