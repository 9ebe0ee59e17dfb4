import type { RouteRecordRaw } from 'vue-router';

/** Resident (phone) and public pages, and the two full-screen ones: small lazy chunks, no Element Plus. */
export const servicesRoutes: RouteRecordRaw[] = [
  {
    path: '/services',
    name: 'services',
    component: () => import('./views/ServicesView.vue'),
    meta: { title: '社区服务预约' },
  },
  {
    path: '/services/:id(\\d+)',
    name: 'service',
    component: () => import('./views/ServiceView.vue'),
    meta: { title: '服务预约' },
  },
  {
    path: '/me/bookings',
    name: 'my-bookings',
    component: () => import('./views/MyBookingsView.vue'),
    meta: { auth: true, title: '我的预约' },
  },
  {
    path: '/me/shifts',
    name: 'my-shifts',
    component: () => import('./views/MyShiftsView.vue'),
    meta: { auth: true, title: '我的排班' },
  },
  // the waiting-hall TV: no sign-in, no chrome, numbers only
  {
    path: '/display/sessions/:id(\\d+)',
    name: 'session-display',
    component: () => import('./views/DisplayView.vue'),
    meta: { title: '叫号' },
  },
  {
    // the barber's call screen on a phone or tablet: staff and the service's volunteers (the API
    // decides who), so it sits outside the staff-only console layout
    path: '/console/sessions/:id(\\d+)/queue',
    name: 'console-session-queue',
    component: () => import('./views/QueueView.vue'),
    meta: { auth: true, title: '叫号' },
  },
];

/** Children of /console. */
export const servicesConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'services',
    name: 'console-services',
    component: () => import('./views/ConsoleServicesView.vue'),
    meta: { staff: true, title: '服务与预约' },
  },
  {
    path: 'services/new',
    name: 'console-service-new',
    component: () => import('./views/ConsoleServiceFormView.vue'),
    meta: { staff: true, title: '新建服务' },
  },
  {
    path: 'services/:id(\\d+)/edit',
    name: 'console-service-edit',
    component: () => import('./views/ConsoleServiceFormView.vue'),
    meta: { staff: true, title: '编辑服务' },
  },
  {
    path: 'services/:id(\\d+)',
    name: 'console-service',
    component: () => import('./views/ConsoleServicesView.vue'),
    meta: { staff: true, title: '服务与预约' },
  },
  {
    path: 'queue',
    name: 'console-queue',
    component: () => import('./views/ConsoleQueueIndexView.vue'),
    meta: { staff: true, title: '叫号' },
  },
  {
    path: 'roster',
    name: 'console-roster-home',
    component: () => import('./views/ConsoleRosterView.vue'),
    meta: { staff: true, title: '排班' },
  },
  {
    path: 'services/:id(\\d+)/roster',
    name: 'console-roster',
    component: () => import('./views/ConsoleRosterView.vue'),
    meta: { staff: true, title: '排班' },
  },
  {
    path: 'roster/gaps',
    name: 'console-roster-gaps',
    component: () => import('./views/ConsoleGapsView.vue'),
    meta: { staff: true, title: '缺岗提醒' },
  },
];
