import type { RouteRecordRaw } from 'vue-router';

export const auditConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'audit',
    name: 'console-audit',
    component: () => import('./views/ConsoleAuditView.vue'),
    meta: { staff: true, centerAdmin: true, title: '操作记录' },
  },
];
