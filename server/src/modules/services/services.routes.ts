import { z } from 'zod';
import {
  ZAttend,
  ZAttended,
  ZAvailability,
  ZAvailabilityMarks,
  ZBookingCreate,
  ZBookingResult,
  ZCallNext,
  ZCashSummary,
  ZCoverageGap,
  ZDropCreate,
  ZMonth,
  ZMyBooking,
  ZMyServiceUsage,
  ZMyShift,
  ZPoolVolunteer,
  ZQueueMoved,
  ZRoster,
  ZRotaChange,
  ZRotaChangeDecided,
  ZService,
  ZServiceCreate,
  ZServiceChange,
  ZServiceCreated,
  ZServiceSession,
  ZServiceSessionCancelled,
  ZServiceSessionComplete,
  ZServiceSessionCompleted,
  ZServiceSessionDisplay,
  ZServiceSessionQueue,
  ZServiceUpdate,
  ZServiceUpdated,
  ZServiceSessionCancel,
  ZSwapCreate,
  ZVolunteerAdd,
  zCalendarDate,
  zId,
  zQueryInt,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import { respondOnceAfterPreparing, ZIdempotencyHeaders } from '../../platform/idempotency.js';
import type { ZApp } from '../../platform/zod-app.js';
import { rowsOf, tables } from '../../platform/public-cache.js';
import { sendXlsx, ZXlsxFile } from '../../platform/xlsx.js';
import {
  presentGap,
  presentMyBooking,
  presentMyRotaChanges,
  presentMyShifts,
  presentQueue,
  presentRoster,
  presentService,
  presentServiceSession,
  presentVolunteer,
} from './services.presenter.js';
import {
  cancelServiceSession,
  cashSummary,
  createService,
  listAllServices,
  myServiceUsage,
  servicesInScope,
  serviceSessionsOf,
  updateService,
} from './services.service.js';
import {
  attend,
  takeCompanionNumber,
  bookPrepared,
  callNext,
  cancelBooking,
  displayBoard,
  moveInQueue,
  myBookings,
  prepareBooking,
  queueView,
  exportBookings,
} from './bookings.service.js';
import { completeServiceSession } from './shifts.service.js';
import {
  addVolunteer,
  answerSwap,
  availabilityOf,
  decideDrop,
  gaps,
  generateMonthRota,
  myRotaChanges,
  myShifts,
  requestDrop,
  requestSwap,
  roster,
  setAvailability,
  volunteersOf,
} from './rota.service.js';

const ZIdParams = z.object({ id: zId });

/**
 * A service's 场次 lives under /api/service-sessions/:id/… ("session" alone is the login). The old
 * /api/sessions/:id/… paths answer the same until every client has moved, marked deprecated in the
 * OpenAPI document.
 */
function serviceSessionPaths(path: string): { path: string; deprecated?: true }[] {
  return [{ path }, { path: path.replace('/service-sessions/', '/sessions/'), deprecated: true }];
}

export function servicesRoutes(app: ZApp, deps: AppDeps): void {
  // Services and sessions -------------------------------------------------------------------------
  app.post(
    '/api/services',
    {
      schema: {
        tags: ['services'],
        summary: '新建服务，按规则生成场次',
        body: ZServiceCreate,
        response: { 201: ZServiceCreated },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await createService({ deps, actor: actorOf(request), data: request.body })),
  );
  app.patch(
    '/api/services/:id',
    {
      schema: {
        tags: ['services'],
        summary:
          '修改服务：改排期或名额只重排未来无人预约的场次；扩大范围对未开放的场次生效（applyToOpenSessions 也对有余位的已开放场次生效）',
        params: ZIdParams,
        body: ZServiceUpdate,
        response: { 200: ZServiceUpdated },
      },
      preHandler: requireStaff,
    },
    async (request) => {
      const { service, change } = await updateService({
        deps,
        actor: actorOf(request),
        serviceId: request.params.id,
        data: request.body,
      });
      return { service: presentService(service), change };
    },
  );
  app.post(
    '/api/services/:id/preview',
    {
      schema: {
        tags: ['services'],
        summary: '预览修改服务会怎样改变场次（与 PATCH 同样的请求体，不保存）',
        params: ZIdParams,
        body: ZServiceUpdate,
        response: { 200: ZServiceChange },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      (
        await updateService({
          deps,
          actor: actorOf(request),
          serviceId: request.params.id,
          data: request.body,
          dryRun: true,
        })
      ).change,
  );
  app.get(
    '/api/public/services',
    { schema: { tags: ['services'], summary: '服务列表', response: { 200: z.array(ZService) } } },
    async () => (await listAllServices(deps)).map(presentService),
  );
  app.get(
    '/api/services',
    {
      schema: { tags: ['services'], summary: '我管理的服务', response: { 200: z.array(ZService) } },
      preHandler: requireStaff,
    },
    async (request) => (await servicesInScope(deps, actorOf(request))).map(presentService),
  );
  app.get(
    '/api/services/:id/my-usage',
    {
      schema: {
        tags: ['services'],
        summary: '我本月（及以后各月）已约几次：用满每月限额的月份，场次显示“本月已约”',
        params: ZIdParams,
        response: { 200: ZMyServiceUsage },
      },
      preHandler: requireUser,
    },
    async (request) => myServiceUsage({ deps, actor: actorOf(request), serviceId: request.params.id }),
  );
  app.get(
    '/api/public/services/:id/sessions',
    {
      schema: {
        tags: ['services'],
        summary: '场次与剩余名额',
        params: ZIdParams,
        querystring: z.object({ from: zCalendarDate.optional(), to: zCalendarDate.optional() }),
        response: { 200: z.array(ZServiceSession) },
      },
    },
    async (request) =>
      (await serviceSessionsOf({ deps, serviceId: request.params.id, ...request.query })).sessions.map(
        presentServiceSession,
      ),
  );
  for (const { path, deprecated } of serviceSessionPaths('/api/service-sessions/:id/cancel')) {
    app.post(
      path,
      {
        schema: {
          tags: ['services'],
          summary: '取消场次（通知已预约的居民）',
          deprecated,
          params: ZIdParams,
          body: ZServiceSessionCancel,
          response: { 200: ZServiceSessionCancelled },
        },
        preHandler: requireStaff,
      },
      async (request) =>
        cancelServiceSession({
          deps,
          actor: actorOf(request),
          sessionId: request.params.id,
          reason: request.body.reason,
        }),
    );
  }
  app.post(
    '/api/service-sessions/:id/complete',
    {
      schema: {
        tags: ['services'],
        summary: '场次完成：排班的志愿者（也是居民的）获得值班积分，每班一次',
        params: ZIdParams,
        body: ZServiceSessionComplete,
        response: { 200: ZServiceSessionCompleted },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      completeServiceSession({
        deps,
        actor: actorOf(request),
        sessionId: request.params.id,
        ruleId: request.body.ruleId,
      }),
  );
  app.get(
    '/api/services/:id/cash',
    {
      schema: {
        tags: ['services'],
        summary: '当日收费汇总',
        params: ZIdParams,
        querystring: z.object({ date: zCalendarDate }),
        response: { 200: ZCashSummary },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      cashSummary({ deps, actor: actorOf(request), serviceId: request.params.id, date: request.query.date }),
  );

  // Bookings and the queue ------------------------------------------------------------------------
  app.post(
    '/api/bookings',
    {
      schema: {
        tags: ['services'],
        summary: '预约（居民本人，或工作人员代预约、现场取号）',
        body: ZBookingCreate,
        headers: ZIdempotencyHeaders,
        response: { 201: ZBookingResult },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      const actor = actorOf(request);
      return await respondOnceAfterPreparing(
        deps,
        request,
        reply,
        201,
        () => prepareBooking({ deps, actor, data: request.body }),
        (trx, prepared) => bookPrepared(trx, deps, { actor, prepared }),
      );
    },
  );
  app.delete(
    '/api/bookings/:id',
    {
      schema: {
        tags: ['services'],
        summary: '取消预约（名额立即释放）',
        params: ZIdParams,
        response: { 204: z.null() },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      await cancelBooking({ deps, actor: actorOf(request), bookingId: request.params.id });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/me/bookings',
    {
      schema: { tags: ['services'], summary: '我的预约', response: { 200: z.array(ZMyBooking) } },
      preHandler: requireUser,
    },
    async (request) => (await myBookings({ deps, actor: actorOf(request) })).map(presentMyBooking),
  );
  for (const { path, deprecated } of serviceSessionPaths('/api/service-sessions/:id/queue')) {
    app.get(
      path,
      {
        schema: {
          tags: ['services'],
          summary: '当日排队与叫号',
          deprecated,
          params: ZIdParams,
          response: { 200: ZServiceSessionQueue },
        },
        preHandler: requireUser,
      },
      async (request) => presentQueue(await queueView({ deps, actor: actorOf(request), sessionId: request.params.id })),
    );
  }
  app.get(
    '/api/service-sessions/:id/bookings/export',
    {
      schema: {
        tags: ['services'],
        summary: '导出场次预约名单（Excel；served=1 只导出已完成的服务名单）',
        params: ZIdParams,
        querystring: z.object({ served: z.enum(['0', '1'], { error: 'served 应为 0 或 1' }).optional() }),
        response: { 200: ZXlsxFile },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      sendXlsx(
        reply,
        await exportBookings({
          deps,
          actor: actorOf(request),
          sessionId: request.params.id,
          servedOnly: request.query.served === '1',
        }),
      ),
  );
  for (const { path, deprecated } of serviceSessionPaths('/api/service-sessions/:id/queue/next')) {
    app.post(
      path,
      {
        schema: {
          tags: ['services'],
          summary: '叫下一位',
          deprecated,
          params: ZIdParams,
          response: { 200: ZCallNext },
        },
        preHandler: requireUser,
      },
      async (request) => callNext({ deps, actor: actorOf(request), sessionId: request.params.id }),
    );
  }
  for (const [path, move, summary] of [
    ['away', 'away', '暂离（去办别的事，位置保留）'],
    ['back', 'back', '回来了（优先叫号）'],
    ['no-show', 'no_show', '未到'],
  ] as const) {
    app.post(
      `/api/bookings/:id/${path}`,
      {
        schema: { tags: ['services'], summary, params: ZIdParams, response: { 200: ZQueueMoved } },
        preHandler: requireUser,
      },
      async (request) => moveInQueue({ deps, actor: actorOf(request), bookingId: request.params.id, move }),
    );
  }
  app.post(
    '/api/bookings/:id/companion',
    {
      schema: {
        tags: ['services'],
        summary: '排队时在当天另一项服务取号（等候时顺便办另一项服务）',
        params: ZIdParams,
        body: z.object({ sessionId: z.number().int().positive() }).strict(),
        response: { 201: ZBookingResult },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      return reply.status(201).send(
        await takeCompanionNumber({
          deps,
          actor: actorOf(request),
          bookingId: request.params.id,
          sessionId: request.body.sessionId,
        }),
      );
    },
  );
  app.post(
    '/api/bookings/:id/attend',
    {
      schema: {
        tags: ['services'],
        summary: '服务完成并记录收费',
        params: ZIdParams,
        body: ZAttend,
        response: { 200: ZAttended },
      },
      preHandler: requireUser,
    },
    async (request) =>
      attend({ deps, actor: actorOf(request), bookingId: request.params.id, feePaidFen: request.body.feePaidFen }),
  );
  for (const { path, deprecated } of serviceSessionPaths('/api/public/service-sessions/:id/display')) {
    app.get(
      path,
      {
        schema: {
          tags: ['services'],
          summary: '等候区大屏（只显示号码）',
          deprecated,
          params: ZIdParams,
          response: { 200: ZServiceSessionDisplay },
        },
        // The screen polls; `no-cache` makes it revalidate (a 304 while no one was called).
        config: {
          publicCache: {
            maxAgeSeconds: 0,
            depends: ({ params }) => [
              rowsOf('bookings', params.id),
              ...tables('service_sessions', 'services', 'venues', 'communities', 'residents'),
            ],
          },
        },
      },
      async (request) => displayBoard({ deps, sessionId: request.params.id }),
    );
  }

  // Volunteers and the rota -----------------------------------------------------------------------
  app.get(
    '/api/services/:id/volunteers',
    {
      schema: {
        tags: ['services'],
        summary: '志愿者名单',
        params: ZIdParams,
        response: { 200: z.array(ZPoolVolunteer) },
      },
      preHandler: requireUser,
    },
    async (request) =>
      (await volunteersOf({ deps, actor: actorOf(request), serviceId: request.params.id })).map(presentVolunteer),
  );
  app.post(
    '/api/services/:id/volunteers',
    {
      schema: {
        tags: ['services'],
        summary: '加入志愿者',
        params: ZIdParams,
        body: ZVolunteerAdd,
        response: { 201: z.array(ZPoolVolunteer) },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(
        (
          await addVolunteer({
            deps,
            actor: actorOf(request),
            serviceId: request.params.id,
            userId: request.body.userId,
          })
        ).map(presentVolunteer),
      ),
  );
  app.get(
    '/api/services/:id/availability',
    {
      schema: {
        tags: ['services'],
        summary: '我标记的不能值班的场次',
        params: ZIdParams,
        querystring: z.object({ month: ZMonth }),
        response: { 200: ZAvailabilityMarks },
      },
      preHandler: requireUser,
    },
    async (request) =>
      availabilityOf({ deps, actor: actorOf(request), serviceId: request.params.id, month: request.query.month }),
  );
  app.put(
    '/api/services/:id/availability',
    {
      schema: {
        tags: ['services'],
        summary: '志愿者标记不能值班的场次',
        params: ZIdParams,
        body: ZAvailability,
        response: { 200: ZAvailabilityMarks },
      },
      preHandler: requireUser,
    },
    async (request) =>
      setAvailability({ deps, actor: actorOf(request), serviceId: request.params.id, ...request.body }),
  );
  app.post(
    '/api/services/:id/roster/generate',
    {
      schema: {
        tags: ['services'],
        summary: '按轮换生成一个月的排班',
        params: ZIdParams,
        body: z.object({ month: ZMonth }).strict(),
        response: { 200: ZRoster },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentRoster(
        await generateMonthRota({
          deps,
          actor: actorOf(request),
          serviceId: request.params.id,
          month: request.body.month,
        }),
      ),
  );
  app.get(
    '/api/services/:id/roster',
    {
      schema: {
        tags: ['services'],
        summary: '排班表',
        params: ZIdParams,
        querystring: z.object({ month: ZMonth }),
        response: { 200: ZRoster },
      },
      preHandler: requireUser,
    },
    async (request) =>
      presentRoster(
        await roster({ deps, actor: actorOf(request), serviceId: request.params.id, month: request.query.month }),
      ),
  );
  app.get(
    '/api/roster/gaps',
    {
      schema: {
        tags: ['services'],
        summary: '缺志愿者的场次（默认未来14天）',
        querystring: z.object({ days: zQueryInt('天数', 1, 62).default(14) }),
        response: { 200: z.array(ZCoverageGap) },
      },
      preHandler: requireStaff,
    },
    async (request) => (await gaps({ deps, actor: actorOf(request), days: request.query.days })).map(presentGap),
  );
  app.get(
    '/api/me/shifts',
    {
      schema: { tags: ['services'], summary: '我的排班', response: { 200: z.array(ZMyShift) } },
      preHandler: requireUser,
    },
    async (request) => presentMyShifts(await myShifts({ deps, actor: actorOf(request) })),
  );
  app.get(
    '/api/me/swaps',
    {
      schema: { tags: ['services'], summary: '换班与请假请求', response: { 200: z.array(ZRotaChange) } },
      preHandler: requireUser,
    },
    async (request) => presentMyRotaChanges(await myRotaChanges({ deps, actor: actorOf(request) })),
  );
  app.post(
    '/api/roster/swaps',
    {
      schema: {
        tags: ['services'],
        summary: '申请换班（对方接受后生效）',
        body: ZSwapCreate,
        response: { 201: ZRotaChangeDecided },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      reply.status(201).send(await requestSwap({ deps, actor: actorOf(request), ...request.body })),
  );
  app.post(
    '/api/roster/swaps/:id/accept',
    {
      schema: { tags: ['services'], summary: '接受换班', params: ZIdParams, response: { 200: ZRotaChangeDecided } },
      preHandler: requireUser,
    },
    async (request) => answerSwap({ deps, actor: actorOf(request), changeId: request.params.id, accept: true }),
  );
  app.post(
    '/api/roster/swaps/:id/decline',
    {
      schema: { tags: ['services'], summary: '拒绝换班', params: ZIdParams, response: { 200: ZRotaChangeDecided } },
      preHandler: requireUser,
    },
    async (request) => answerSwap({ deps, actor: actorOf(request), changeId: request.params.id, accept: false }),
  );
  app.post(
    '/api/roster/assignments/:id/drop',
    {
      schema: {
        tags: ['services'],
        summary: '请假（需工作人员批准）',
        params: ZIdParams,
        body: ZDropCreate,
        response: { 201: ZRotaChangeDecided },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      reply.status(201).send(
        await requestDrop({
          deps,
          actor: actorOf(request),
          assignmentId: request.params.id,
          reason: request.body.reason,
        }),
      ),
  );
  app.post(
    '/api/roster/drops/:id/approve',
    {
      schema: { tags: ['services'], summary: '批准请假', params: ZIdParams, response: { 200: ZRotaChangeDecided } },
      preHandler: requireStaff,
    },
    async (request) => decideDrop({ deps, actor: actorOf(request), changeId: request.params.id, approve: true }),
  );
  app.post(
    '/api/roster/drops/:id/reject',
    {
      schema: { tags: ['services'], summary: '驳回请假', params: ZIdParams, response: { 200: ZRotaChangeDecided } },
      preHandler: requireStaff,
    },
    async (request) => decideDrop({ deps, actor: actorOf(request), changeId: request.params.id, approve: false }),
  );
}
