import { z } from 'zod';
import {
  WEEK_PATTERN,
  ZArticle,
  ZClash,
  ZICalendar,
  ZMenuCurrent,
  ZMenuSettings,
  ZPublicMenu,
  ZWeekApproved,
  ZWeekPublished,
  ZWeekSubmissions,
  isValidWeek,
  zId,
  zPattern,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireCenterAdmin } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { tables, type PublicCacheRule } from '../../platform/public-cache.js';

/** What a published week's menu is read from (activities with their sponsors, needs, waitlists and rules in force). */
const MENU_CACHE: PublicCacheRule = {
  maxAgeSeconds: 30,
  depends: () =>
    tables(
      'menu_weeks',
      'activities',
      'registrations',
      'activity_partners',
      'partners',
      'activity_needs',
      'needs',
      'activity_categories',
      'merchant_contributions',
      'merchants',
      'points_rules',
      'points_rule_versions',
      'points_rule_revisions',
      'communities',
      'venues',
      'center',
      'app_settings',
    ),
};
import { readMenuSettings, updateMenuSettings } from '../activities/index.js';
import {
  presentArticle,
  presentCalendar,
  presentClash,
  presentPublicMenu,
  presentWeekSubmissions,
} from './menus.presenter.js';
import {
  approveWeek,
  linkedMenu,
  menuCurrent,
  publicMenu,
  publishWeek,
  subscriptionFeed,
  weekForReview,
} from './menus.service.js';

const ZWeekParams = z.object({
  week: zPattern('周次', WEEK_PATTERN, '周次应为 2026-W49 格式').refine(isValidWeek, { error: '这一年没有这一周' }),
});

/** iCalendar answers, described as what they are. */
const ICALENDAR = { description: 'iCalendar', content: { 'text/calendar': { schema: ZICalendar } } };

export function menusRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/menus/current',
    { schema: { tags: ['menus'], summary: '本周、下周的周次与报送截止时间', response: { 200: ZMenuCurrent } } },
    async () => menuCurrent({ deps }),
  );

  app.get(
    '/api/menus/:week/submissions',
    {
      schema: {
        tags: ['menus'],
        summary: '本周报送汇总（中心审核，含冲突）',
        params: ZWeekParams,
        response: { 200: ZWeekSubmissions },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) =>
      presentWeekSubmissions(await weekForReview({ deps, actor: actorOf(request), week: request.params.week })),
  );

  app.get(
    '/api/menus/:week/clashes',
    {
      schema: {
        tags: ['menus'],
        summary: '场地或合作方时间冲突',
        params: ZWeekParams,
        response: { 200: z.array(ZClash) },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) =>
      (await weekForReview({ deps, actor: actorOf(request), week: request.params.week })).clashes.map(presentClash),
  );

  app.post(
    '/api/menus/:week/publish',
    {
      schema: {
        tags: ['menus'],
        summary: '一键发布本周菜单（所有已通过的活动）',
        params: ZWeekParams,
        response: { 200: ZWeekPublished },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) => publishWeek({ deps, actor: actorOf(request), week: request.params.week }),
  );

  app.get(
    '/api/menus/settings',
    {
      schema: { tags: ['menus'], summary: '报送截止时间与签到开放时间（当前设置）', response: { 200: ZMenuSettings } },
      preHandler: requireCenterAdmin,
    },
    async (request) => readMenuSettings({ deps, actor: actorOf(request) }),
  );

  app.post(
    '/api/menus/:week/approve',
    {
      schema: {
        tags: ['menus'],
        summary: '一键通过本周所有无冲突的报送（有冲突的列出原因）',
        params: ZWeekParams,
        response: { 200: ZWeekApproved },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) => approveWeek({ deps, actor: actorOf(request), week: request.params.week }),
  );

  app.put(
    '/api/menus/settings',
    {
      schema: {
        tags: ['menus'],
        summary: '报送截止时间与签到开放时间',
        body: ZMenuSettings,
        response: { 200: ZMenuSettings },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) => updateMenuSettings({ deps, actor: actorOf(request), settings: request.body }),
  );

  app.get(
    '/api/public/menus/:week',
    {
      schema: { tags: ['menus'], summary: '每周活动菜单（公开）', params: ZWeekParams, response: { 200: ZPublicMenu } },
      config: { publicCache: MENU_CACHE },
    },
    async (request) => presentPublicMenu(await publicMenu({ deps, week: request.params.week })),
  );

  app.get(
    '/api/public/menus/:week/article',
    {
      schema: {
        tags: ['menus'],
        summary: '公众号推文（只含内联样式的 HTML）',
        params: ZWeekParams,
        response: { 200: ZArticle },
      },
    },
    async (request) => {
      const menu = await linkedMenu({ deps, week: request.params.week });
      return presentArticle(menu, `${menu.publicUrl}/menu/${menu.week}`);
    },
  );

  app.get(
    '/api/public/menus/:week/calendar.ics',
    {
      schema: {
        tags: ['menus'],
        summary: '该周活动的日历（iCalendar）',
        params: ZWeekParams,
        response: { 200: ICALENDAR },
      },
    },
    async (request, reply) => {
      const menu = await linkedMenu({ deps, week: request.params.week });
      const ics = presentCalendar(
        `${menu.centerName} ${menu.week} 活动菜单`,
        menu.activities.map(({ row }) => row),
        menu.publicUrl,
        deps.clock.now(),
      );
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="menu-${menu.week}.ics"`)
        .send(ics);
    },
  );

  app.get(
    '/api/public/calendar.ics',
    {
      schema: {
        tags: ['menus'],
        summary: '订阅日历：今后 8 周已发布的活动',
        querystring: z.object({ communityId: zId.optional() }),
        response: { 200: ICALENDAR },
      },
    },
    async (request, reply) => {
      const { rows, publicUrl } = await subscriptionFeed({ deps, communityId: request.query.communityId });
      const ics = presentCalendar('社区活动菜单', rows, publicUrl, deps.clock.now());
      return reply.header('content-type', 'text/calendar; charset=utf-8').send(ics);
    },
  );
}
