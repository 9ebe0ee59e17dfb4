import {
  ZHoursCorrected,
  ZHoursCorrection,
  ZHoursPeriodQuery,
  ZHoursPersonQuery,
  ZHoursResidentParams,
  ZHoursUserParams,
  ZMyHours,
  ZPersonHours,
  ZVolunteerTotals,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import {
  correctVolunteerHours,
  exportVolunteerHours,
  myVolunteerHours,
  personVolunteerHours,
  userVolunteerHours,
  volunteerTotals,
} from './hours.service.js';
import { sendXlsx, ZXlsxFile } from '../../platform/xlsx.js';

export function hoursRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/me/volunteer-hours',
    {
      schema: {
        tags: ['hours'],
        summary: '我的志愿时长：合计与每一条（日期、内容、时长、来源、是否按计划结束时间计、更正）',
        response: { 200: ZMyHours },
      },
      preHandler: requireUser,
    },
    async (request) => myVolunteerHours({ deps, actor: actorOf(request) }),
  );

  app.get(
    '/api/volunteer-hours',
    {
      schema: {
        tags: ['hours'],
        summary: '志愿服务时长：一段时间内每位志愿者的合计（中心看全部，社区看本社区）',
        querystring: ZHoursPeriodQuery,
        response: { 200: ZVolunteerTotals },
      },
      preHandler: requireStaff,
    },
    async (request) => volunteerTotals({ deps, actor: actorOf(request), query: request.query }),
  );

  app.get(
    '/api/volunteer-hours/export',
    {
      schema: {
        tags: ['hours'],
        summary: '导出一段时间内的每一条志愿时长（Excel；范围同志愿服务时长列表）',
        querystring: ZHoursPeriodQuery,
        response: { 200: ZXlsxFile },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      sendXlsx(reply, await exportVolunteerHours({ deps, actor: actorOf(request), query: request.query })),
  );

  app.get(
    '/api/volunteer-hours/residents/:residentId',
    {
      schema: {
        tags: ['hours'],
        summary: '一位志愿者一段时间内的每一条时长（也是志愿服务时长证明的内容）',
        params: ZHoursResidentParams,
        querystring: ZHoursPersonQuery,
        response: { 200: ZPersonHours },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      personVolunteerHours({
        deps,
        actor: actorOf(request),
        residentId: request.params.residentId,
        query: request.query,
      }),
  );

  app.get(
    '/api/volunteer-hours/users/:userId',
    {
      schema: {
        tags: ['hours'],
        summary: '没有登记居民信息的志愿者（按账号）一段时间内的每一条时长（也是志愿服务时长证明的内容）',
        params: ZHoursUserParams,
        querystring: ZHoursPersonQuery,
        response: { 200: ZPersonHours },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      userVolunteerHours({ deps, actor: actorOf(request), userId: request.params.userId, query: request.query }),
  );

  app.post(
    '/api/volunteer-hours/corrections',
    {
      schema: {
        tags: ['hours'],
        summary: '更正一条志愿时长（写明原因；原记录保留；version 不是最新时答 409 HOURS_CHANGED）',
        body: ZHoursCorrection,
        response: { 200: ZHoursCorrected },
      },
      preHandler: requireStaff,
    },
    async (request) => correctVolunteerHours({ deps, actor: actorOf(request), data: request.body }),
  );
}
