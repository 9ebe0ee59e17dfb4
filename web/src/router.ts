import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';
import HomeView from './shell/HomeView.vue';
import { accountsConsoleRoutes, accountsRoutes } from './modules/accounts/routes';
import { homePathFor, isCenterAdmin, isMerchant, isStaff, useSessionStore } from './shared/session';
import { auditConsoleRoutes } from './modules/audit/routes';
import { communitiesConsoleRoutes } from './modules/communities/routes';
import { merchantRoutes, merchantsConsoleRoutes, merchantsRoutes } from './modules/merchants/routes';
import { pointsConsoleRoutes, pointsRoutes } from './modules/points/routes';
import { residentsConsoleRoutes, residentsRoutes } from './modules/residents/routes';
import { shopConsoleRoutes, shopRoutes } from './modules/shop/routes';
import { vouchersConsoleRoutes, vouchersRoutes } from './modules/vouchers/routes';
import { activitiesConsoleRoutes, activitiesRoutes } from './modules/activities/routes';
import { menusConsoleRoutes, menusRoutes } from './modules/menus/routes';
import { needsConsoleRoutes, needsRoutes } from './modules/needs/routes';
import { publicityRoutes } from './modules/publicity/routes';
import { servicesConsoleRoutes, servicesRoutes } from './modules/services/routes';
import { setupConsoleRoutes } from './modules/setup/routes';
import { callsConsoleRoutes, callsRoutes } from './modules/calls/routes';
import { reportsConsoleRoutes, reportsRoutes } from './modules/reports/routes';
import { partnersConsoleRoutes } from './modules/partners/routes';
import { hoursConsoleRoutes, hoursRoutes } from './modules/hours/routes';
import { importsConsoleRoutes } from './modules/imports/routes';
import { usePublicStore } from './shared/center';
import { setupApi } from './modules/setup';
import { dashboardView, statsConsoleRoutes, statsRoutes } from './modules/stats/routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** any signed-in user */
    auth?: boolean;
    /** center admin or community staff */
    staff?: boolean;
    /** center admin only */
    centerAdmin?: boolean;
    /** a merchant (shop) account */
    merchant?: boolean;
    /** sign-in pages: a signed-in user is sent home */
    guestOnly?: boolean;
    title?: string;
  }
}

const routes: RouteRecordRaw[] = [
  // The resident's home (phone pages: Vant only) composes modules, so it lives in the shell. It is the one
  // page bundled with the app itself: it is where residents land, and on a slow phone link every lazy chunk
  // costs a round trip after the app has started (issue 15: 39 requests before the card showed).
  { path: '/', name: 'home', component: HomeView, meta: { title: '众力' } },
  ...residentsRoutes,
  ...accountsRoutes,
  ...pointsRoutes,
  ...shopRoutes,
  ...vouchersRoutes,
  ...merchantRoutes,
  ...merchantsRoutes,
  ...menusRoutes,
  ...activitiesRoutes,
  ...needsRoutes,
  ...publicityRoutes,
  ...servicesRoutes,
  ...callsRoutes,
  ...hoursRoutes,
  ...statsRoutes,
  ...reportsRoutes,
  {
    // The staff console: Element Plus lives only in these lazily loaded chunks, so resident
    // phones never download it.
    path: '/console',
    component: () => import('./shell/ConsoleLayout.vue'),
    meta: { staff: true },
    children: [
      {
        // The dashboard, or — decided by the guard, which needs the communities and the setup status (a
        // `redirect` cannot wait for them) — 开通向导 or the residents list.
        path: '',
        name: 'console-landing',
        component: dashboardView,
        meta: { title: '数据看板' },
        beforeEnter: consoleLanding,
      },
      ...residentsConsoleRoutes,
      ...pointsConsoleRoutes,
      ...shopConsoleRoutes,
      ...vouchersConsoleRoutes,
      ...activitiesConsoleRoutes,
      ...menusConsoleRoutes,
      ...needsConsoleRoutes,
      ...servicesConsoleRoutes,
      ...communitiesConsoleRoutes,
      ...accountsConsoleRoutes,
      ...merchantsConsoleRoutes,
      ...partnersConsoleRoutes,
      ...auditConsoleRoutes,
      ...setupConsoleRoutes,
      ...callsConsoleRoutes,
      ...hoursConsoleRoutes,
      ...statsConsoleRoutes,
      ...reportsConsoleRoutes,
      ...importsConsoleRoutes,
      {
        // 打印中心 lists every module's printables, so it lives with the shell
        path: 'print-center',
        name: 'console-print-center',
        component: () => import('./shell/ConsolePrintCenterView.vue'),
        meta: { staff: true, title: '打印中心' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./shared/components/NotFoundView.vue'),
    meta: { title: '页面不存在' },
  },
];

/**
 * The console's front page. On an install with no community yet the center admin starts at 开通向导;
 * once first-run setup is complete the home is the dashboard (数据看板), rendered at /console itself;
 * until then the residents list. Community staff see their own community's dashboard.
 */
async function consoleLanding() {
  const accounts = useSessionStore();
  if (!isCenterAdmin(accounts.me)) return true;
  const center = usePublicStore();
  const loaded = await center.loadCommunities().then(
    () => true,
    () => false,
  );
  if (loaded && center.communities.length === 0) return { name: 'console-setup' };
  const complete = await setupApi.status().then(
    (status) => status.complete,
    () => false,
  );
  return complete ? true : { name: 'console-residents' };
}

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach(async (to: RouteLocationNormalized) => {
    const accounts = useSessionStore();
    // Offline: public pages still render; protected ones go to sign-in.
    const me = await accounts.ensureLoaded().catch(() => null);
    const needsStaff = to.matched.some((r) => r.meta.staff);
    const needsAdmin = to.matched.some((r) => r.meta.centerAdmin);
    const needsAuth = to.matched.some((r) => r.meta.auth);
    const needsMerchant = to.matched.some((r) => r.meta.merchant);
    // A temporary password (the center reset it): the server answers nothing else until it is changed.
    if (me?.mustChangePassword && to.name !== 'change-password') return { name: 'change-password' };

    if (needsStaff) {
      if (!me) return { name: 'console-login', query: { redirect: to.fullPath } };
      if (!isStaff(me)) return '/';
      if (needsAdmin && !isCenterAdmin(me)) return { name: 'console-residents' };
      return true;
    }
    if ((needsAuth || needsMerchant) && !me) return { name: 'login', query: { redirect: to.fullPath } };
    if (needsMerchant && !isMerchant(me)) return homePathFor(me);
    if (to.meta.guestOnly && me) return homePathFor(me);
    // staff without a resident record have nothing on the phone home page
    if (to.name === 'home' && me && isStaff(me) && !me.resident) return '/console';
    // likewise a shop's own account: its home is the merchant page
    if (to.name === 'home' && me && isMerchant(me) && !me.resident) return '/merchant';
    return true;
  });

  router.afterEach((to) => {
    const title = [...to.matched].reverse().find((r) => r.meta.title)?.meta.title;
    document.title = title && title !== '众力' ? `${title} - 众力` : '众力';
  });

  return router;
}
