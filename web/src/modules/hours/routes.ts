import type { RouteRecordRaw } from 'vue-router';

/** Resident (phone) pages and the printable certificate (outside the console layout). */
export const hoursRoutes: RouteRecordRaw[] = [
  {
    path: '/me/volunteer-hours',
    name: 'my-volunteer-hours',
    component: () => import('./views/MyHoursView.vue'),
    meta: { auth: true, title: '我的志愿时长' },
  },
  {
    path: '/console/volunteer-hours/:residentId(\\d+)/certificate',
    name: 'console-volunteer-hours-certificate',
    component: () => import('./views/ConsoleHoursCertificateView.vue'),
    meta: { staff: true, title: '志愿服务时长证明' },
  },
  {
    // a volunteer login without a resident record
    path: '/console/volunteer-hours/users/:userId(\\d+)/certificate',
    name: 'console-volunteer-hours-user-certificate',
    component: () => import('./views/ConsoleHoursCertificateView.vue'),
    meta: { staff: true, title: '志愿服务时长证明' },
  },
];

/** Children of /console. */
export const hoursConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'volunteer-hours',
    name: 'console-volunteer-hours',
    component: () => import('./views/ConsoleHoursView.vue'),
    meta: { staff: true, title: '志愿服务时长' },
  },
];
