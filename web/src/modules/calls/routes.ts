import type { RouteRecordRaw } from 'vue-router';

/** Pages outside the console layout: the printable call sheet. */
export const callsRoutes: RouteRecordRaw[] = [
  {
    path: '/console/call-lists/:id(\\d+)/print',
    name: 'console-call-list-print',
    component: () => import('./views/ConsoleCallListPrintView.vue'),
    meta: { staff: true, title: '打印通知名单' },
  },
];

/** Children of /console. */
export const callsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'call-lists',
    name: 'console-call-lists',
    component: () => import('./views/ConsoleCallListsView.vue'),
    meta: { staff: true, title: '待电话通知' },
  },
  {
    path: 'call-lists/:id(\\d+)',
    name: 'console-call-list',
    component: () => import('./views/ConsoleCallListView.vue'),
    meta: { staff: true, title: '电话通知名单' },
  },
];
