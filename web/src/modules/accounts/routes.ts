import type { RouteRecordRaw } from 'vue-router';

export const accountsRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { guestOnly: true, title: '登录' },
  },
  {
    path: '/settings',
    name: 'settings',
    component: () => import('./views/SettingsView.vue'),
    meta: { auth: true, title: '设置' },
  },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('./views/ChangePasswordView.vue'),
    meta: { auth: true, title: '修改临时密码' },
  },
  {
    path: '/console/login',
    name: 'console-login',
    component: () => import('./views/ConsoleLoginView.vue'),
    meta: { guestOnly: true, title: '工作人员登录' },
  },
];

export const accountsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'users',
    name: 'console-users',
    component: () => import('./views/ConsoleUsersView.vue'),
    meta: { staff: true, centerAdmin: true, title: '账号' },
  },
];
