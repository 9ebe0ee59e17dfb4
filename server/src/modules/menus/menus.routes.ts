import { z } from 'zod';
import {
  PUBLIC_ACTIVITY_STATUSES,
  WEEK_PATTERN,
  ZArticle,
  ZClash,
  ZICalendar,
  ZMenuCurrent,
  ZMenuSettings,
  ZPublicMenu,
  ZWeekPublished,
  ZWeekSubmissions,
  isValidWeek,
  shiftWeek,
  submissionDeadline,
  weekOfInstant,
  type Clash,
  type TClash,
} from '@zhongli/domain';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireCenterAdmin } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { presentPublicActivity, presentStaffActivity } from '../activities/activities.presenter.js';
import { renderArticle } from './menus.article.js';
import { renderCalendar } from './menus.calendar.js';
import { loadMenuSettings } from './menus.settings.js';
import { publicMenu, publishWeek, updateMenuSettings, weekForReview } from './menus.service.js';
import * as activities from '../activities/activities.repository.js';
import { isPublicRow } from '../activities/activities.service.js';

const ZWeekParams = z.object({
  week: z
    .string()
    .regex(WEEK_PATTERN, { error: '周次应为 2026-W49 格式' })
    .refine(isValidWeek, { error: '这一年没有这一周' }),
});

function origin(request: FastifyRequest) {
  return `${request.protocol}://${request.host}`;
}

function presentClash(c: Clash): TClash {
  return c.kind === 'venue'
    ? { kind: c.kind, venueId: c.venueId, activityIds: c.activityIds }
    : { kind: c.kind, partnerId: c.partnerId, activityIds: c.activityIds };
}

export function menusRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/menus/current',
    { schema: { tags: ['menus'], summary: '本周、下周的周次与报送截止时间', response: { 200: ZMenuCurrent } } },
    async () => {
      const now = deps.clock.now();
      const { deadline } = await loadMenuSettings(deps.db);
      const thisWeek = weekOfInstant(now);
      const next = shiftWeek(thisWeek, 1);
      return { thisWeek, nextWeek: next, nextWeekDeadline: submissionDeadline(next, deadline).toISOString(), deadline };
    },
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
    async (request) => {
      const view = await weekForReview({ deps, actor: actorOf(request), week: request.params.week });
      return {
        week: request.params.week,
        deadline: view.deadline,
        publishedAt: view.publishedAt,
        activities: view.rows.map((row) => presentStaffActivity(row, view.extras(row))),
        clashes: view.clashes.map(presentClash),
      };
    },
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
    },
    async (request) => {
      const menu = await publicMenu({ deps, week: request.params.week });
      return {
        week: menu.week,
        publishedAt: menu.publishedAt,
        from: menu.window.from,
        to: menu.window.to,
        communities: menu.communities
          .map((c) => ({
            id: c.id,
            name: c.name,
            activities: menu.rows
              .filter((r) => r.community_id === c.id)
              .map((r) => presentPublicActivity(r, menu.extras(r))),
          }))
          .filter((c) => c.activities.length > 0),
      };
    },
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
      const menu = await publicMenu({ deps, week: request.params.week });
      const article = renderArticle({
        centerName: menu.centerName,
        week: menu.week,
        menuUrl: `${origin(request)}/menu/${menu.week}`,
        communities: menu.communities.map((c) => ({
          name: c.name,
          activities: menu.rows
            .filter((r) => r.community_id === c.id)
            .map((r) => {
              const p = presentPublicActivity(r, menu.extras(r));
              return {
                title: p.title,
                category: p.category,
                venue: p.venue,
                startsAt: p.startsAt,
                endsAt: p.endsAt,
                capacity: p.capacity,
                points: p.points?.points ?? null,
                partners: p.partners.map((x) => x.name),
                answersNeeds: p.answersNeeds.length > 0,
                status: p.status === 'cancelled' ? ('cancelled' as const) : ('published' as const),
                changed: p.changed,
              };
            }),
        })),
      });
      return { title: article.title, html: article.html, truncated: article.truncated };
    },
  );

  app.get(
    '/api/public/menus/:week/calendar.ics',
    {
      schema: {
        tags: ['menus'],
        summary: '该周活动的日历（iCalendar）',
        params: ZWeekParams,
        response: { 200: { description: 'iCalendar', content: { 'text/calendar': { schema: ZICalendar } } } },
      },
    },
    async (request, reply) => {
      const menu = await publicMenu({ deps, week: request.params.week });
      const ics = renderCalendar(
        `${menu.centerName} ${menu.week} 活动菜单`,
        menu.rows.map((r) => ({
          id: r.id,
          title: `${r.community_name}｜${r.title}`,
          description: r.description,
          location: r.venue_name ?? r.place,
          startsAt: r.starts_at,
          endsAt: r.ends_at,
          updatedAt: r.updated_at,
          cancelled: r.status === 'cancelled',
          url: `${origin(request)}/activities/${r.id}`,
        })),
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
        querystring: z.object({ communityId: z.coerce.number().int().positive().optional() }),
        response: { 200: { description: 'iCalendar', content: { 'text/calendar': { schema: ZICalendar } } } },
      },
    },
    async (request, reply) => {
      const now = deps.clock.now();
      const rows = (
        await activities.listActivities(deps.db, {
          communityId: request.query.communityId,
          statuses: [...PUBLIC_ACTIVITY_STATUSES],
          from: new Date(now.getTime() - 7 * 86_400_000).toISOString(),
          to: new Date(now.getTime() + 56 * 86_400_000).toISOString(),
          limit: 1000,
        })
      ).filter(isPublicRow);
      const ics = renderCalendar(
        '社区活动菜单',
        rows.map((r) => ({
          id: r.id,
          title: `${r.community_name}｜${r.title}`,
          description: r.description,
          location: r.venue_name ?? r.place,
          startsAt: r.starts_at,
          endsAt: r.ends_at,
          updatedAt: r.updated_at,
          cancelled: r.status === 'cancelled',
          url: `${origin(request)}/activities/${r.id}`,
        })),
        now,
      );
      return reply.header('content-type', 'text/calendar; charset=utf-8').send(ics);
    },
  );
}
