import type { RouteRecordRaw } from 'vue-router';

/** Resident (phone) and public pages: small lazy chunks, Vant only. */
export const pointsRoutes: RouteRecordRaw[] = [
  {
    path: '/points',
    name: 'points',
    component: () => import('./views/MyPointsView.vue'),
    meta: { auth: true, title: '我的积分' },
  },
  {
    path: '/points/rules',
    name: 'points-rules',
    component: () => import('./views/RulesView.vue'),
    meta: { title: '积分管理办法' },
  },
  {
    path: '/points/rules/history',
    name: 'points-rules-history',
    component: () => import('./views/RulesHistoryView.vue'),
    meta: { title: '积分规则历次版本' },
  },
  // a bare A4 sheet for the wall: no app chrome
  {
    path: '/points/rules/poster',
    name: 'points-rules-poster',
    component: () => import('./views/RulesPosterView.vue'),
    meta: { title: '积分管理办法（张贴版）' },
  },
  {
    path: '/points/honour',
    name: 'points-honour',
    component: () => import('./views/HonourView.vue'),
    meta: { title: '光荣榜' },
  },
];

/** Children of /console. */
export const pointsConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'points/award',
    name: 'console-points-award',
    component: () => import('./views/ConsoleAwardView.vue'),
    meta: { staff: true, title: '积分发放' },
  },
  {
    path: 'points/rules',
    name: 'console-points-rules',
    component: () => import('./views/ConsoleRulesView.vue'),
    meta: { staff: true, title: '积分规则' },
  },
  {
    path: 'points/template',
    name: 'console-points-template',
    component: () => import('./views/ConsoleRulesTemplateView.vue'),
    meta: { staff: true, centerAdmin: true, title: '积分规则模板' },
  },
  {
    path: 'points/adjustments',
    name: 'console-points-adjustments',
    component: () => import('./views/ConsoleAdjustmentsView.vue'),
    meta: { staff: true, title: '积分调整审核' },
  },
  {
    path: 'points/integrity',
    name: 'console-points-integrity',
    component: () => import('./views/ConsoleIntegrityView.vue'),
    meta: { staff: true, centerAdmin: true, title: '账本核查' },
  },
  {
    path: 'points/ledger',
    name: 'console-points-ledger',
    component: () => import('./views/ConsoleLedgerView.vue'),
    meta: { staff: true, title: '积分流水导出' },
  },
  {
    path: 'residents/:id(\\d+)/points',
    name: 'console-resident-points',
    component: () => import('./views/ConsoleResidentPointsView.vue'),
    meta: { staff: true, title: '积分明细' },
  },
];
