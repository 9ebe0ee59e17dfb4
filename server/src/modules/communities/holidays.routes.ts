import { z } from 'zod';
import { ZHoliday, ZHolidayBulk, zCalendarDate, zQueryInt } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireCenterAdmin, requireStaff } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { listHolidaysOfYear, removeHoliday, saveHolidays } from './holidays.service.js';

/** The county's holiday calendar: staff read it, the center keeps it. */
export function holidaysRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/holidays',
    {
      schema: {
        tags: ['communities'],
        summary: '节假日安排（法定节假日与调休上班），按年',
        querystring: z.object({ year: zQueryInt('年份', 2000, 2100) }),
        response: { 200: z.array(ZHoliday) },
      },
      preHandler: requireStaff,
    },
    async (request) => listHolidaysOfYear(deps, request.query.year),
  );
  app.post(
    '/api/holidays',
    {
      schema: {
        tags: ['communities'],
        summary: '添加或更正节假日安排（一天或整年粘贴）；场次生成与菜单截止时间都以它为准',
        body: ZHolidayBulk,
        response: { 200: z.array(ZHoliday) },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) => saveHolidays({ deps, actor: actorOf(request), entries: request.body.entries }),
  );
  app.delete(
    '/api/holidays/:date',
    {
      schema: {
        tags: ['communities'],
        summary: '删除一天的节假日安排',
        params: z.object({ date: zCalendarDate }),
        response: { 204: z.null() },
      },
      preHandler: requireCenterAdmin,
    },
    async (request, reply) => {
      await removeHoliday({ deps, actor: actorOf(request), date: request.params.date });
      return reply.status(204).send(null);
    },
  );
}
