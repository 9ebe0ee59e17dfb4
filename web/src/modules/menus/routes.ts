import type { RouteRecordRaw } from 'vue-router';

/** Resident (phone) and public pages. */
export const menusRoutes: RouteRecordRaw[] = [
  // the QR on posters and articles points at /menu/:week; bare /menu finds the current week
  {
    path: '/menu',
    name: 'menu-current',
    component: () => import('./views/MenuView.vue'),
    meta: { title: '每周活动菜单' },
  },
  {
    path: '/menu/:week(\\d{4}-W\\d{2})',
    name: 'menu',
    component: () => import('./views/MenuView.vue'),
    meta: { title: '每周活动菜单' },
  },
  {
    // a bare A4 sheet for the notice board: no app chrome
    path: '/console/menus/:week(\\d{4}-W\\d{2})/poster',
    name: 'console-menu-poster',
    component: () => import('./views/MenuPosterView.vue'),
    meta: { staff: true, title: '下周活动预告（张贴版）' },
  },
];

/** Children of /console. */
export const menusConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'menus',
    name: 'console-menus',
    component: () => import('./views/ConsoleMenusView.vue'),
    meta: { staff: true, centerAdmin: true, title: '菜单审核' },
  },
  {
    path: 'menu-settings',
    name: 'console-menu-settings',
    component: () => import('./views/ConsoleMenuSettingsView.vue'),
    meta: { staff: true, centerAdmin: true, title: '报送截止与签到' },
  },
  {
    path: 'menus/:week(\\d{4}-W\\d{2})/article',
    name: 'console-menu-article',
    component: () => import('./views/ConsoleArticleView.vue'),
    meta: { staff: true, title: '公众号推文预览' },
  },
];
