import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';
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
import { partnersConsoleRoutes } from './modules/partners/routes';
import { importsConsoleRoutes } from './modules/imports/routes';
import { usePublicStore } from './shared/center';

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
  // The resident's home (phone pages: small lazy chunks, Vant only) composes modules, so it lives in the shell.
  { path: '/', name: 'home', component: () => import('./shell/HomeView.vue'), meta: { title: '众力' } },
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
  {
    // The staff console: Element Plus lives only in these lazily loaded chunks, so resident
    // phones never download it.
    path: '/console',
    component: () => import('./shell/ConsoleLayout.vue'),
    meta: { staff: true },
    children: [
      {
        // Never rendered: the guard always sends on, a decision that needs the communities (a `redirect`
        // cannot wait for them).
        path: '',
        name: 'console-landing',
        component: () => import('./shared/components/NotFoundView.vue'),
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

/** The console's front page: on an install with no community yet the center admin starts at 开通向导. */
async function consoleLanding() {
  const accounts = useSessionStore();
  if (isCenterAdmin(accounts.me)) {
    const center = usePublicStore();
    const loaded = await center.loadCommunities().then(
      () => true,
      () => false,
    );
    if (loaded && center.communities.length === 0) return { name: 'console-setup' };
  }
  return { name: 'console-residents' };
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
