import { z } from 'zod';
import {
  WEEK_PATTERN,
  ZActivityCancel,
  ZActivityCopied,
  ZActivityCategory,
  ZActivityCreate,
  ZActivityCreated,
  ZActivityStateChange,
  ZActivityReturn,
  ZActivityUpdate,
  ZCheckinCode,
  ZCheckinCreate,
  ZCheckinResult,
  ZCheckoutCreate,
  ZCheckoutResult,
  ZMyActivity,
  ZPublicActivity,
  ZRegistrationCreate,
  ZRegistrationResult,
  ZRegistrationRow,
  ZStaffActivity,
  ZWeekStart,
  ZWeekStarted,
  zId,
  zText,
  zPattern,
  zQueryInt,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireCenterAdmin, requireStaff, requireUser } from '../../platform/guards.js';
import { respondOnce, ZIdempotencyHeaders } from '../../platform/idempotency.js';
import type { ZApp } from '../../platform/zod-app.js';
import { sendXlsx, ZXlsxFile } from '../../platform/xlsx.js';
import { copyActivityToNextWeek, startWeekFromLastWeek } from './activities.copies.js';
import {
  presentCategory,
  presentMyActivity,
  presentPublicActivity,
  presentRegistration,
  presentStaffActivity,
} from './activities.presenter.js';
import {
  activitiesInScope,
  activityForStaff,
  exportAttendance,
  listCategories,
  myActivities,
  publicActivity,
  registrationsOf,
  upcomingPublicActivities,
} from './activities.queries.js';
import {
  approveActivity,
  cancelActivity,
  createActivity,
  createCategory,
  publishActivityNow,
  returnActivity,
  submitActivity,
  updateActivity,
} from './activities.service.js';
import { checkIn, currentCheckinCode, prepareCheckIn } from './checkins.service.js';
import { checkOut, currentCheckoutCode } from './checkouts.service.js';
import { cancelRegistration, register } from './registrations.service.js';

const ZIdParams = z.object({ id: zId });
const zWeek = zPattern('周次', WEEK_PATTERN, '周次应为 2026-W49 格式');

export function activitiesRoutes(app: ZApp, deps: AppDeps): void {
  /** A POST on one activity without a body: its guard and one use case given the activity's id. */
  const postOnActivity = <R extends z.ZodTypeAny>(
    action: string,
    summary: string,
    response: R,
    guard: typeof requireStaff,
    run: (input: { deps: AppDeps; actor: Actor; activityId: number }) => Promise<z.infer<R>>,
  ) =>
    app.post(
      `/api/activities/:id/${action}`,
      {
        // the caller's use case is checked against R above; Fastify cannot resolve a generic schema's type
        schema: { tags: ['activities'], summary, params: ZIdParams, response: { 200: response as z.ZodTypeAny } },
        preHandler: guard,
      },
      async (request) => run({ deps, actor: actorOf(request), activityId: request.params.id }),
    );

  // Categories --------------------------------------------------------------------------------------
  app.get(
    '/api/public/activity-categories',
    { schema: { tags: ['activities'], summary: '活动类别', response: { 200: z.array(ZActivityCategory) } } },
    async () => (await listCategories({ deps })).map(presentCategory),
  );

  app.post(
    '/api/activity-categories',
    {
      schema: {
        tags: ['activities'],
        summary: '新增活动类别（中心）',
        body: z.object({ name: zText('类别', 20) }).strict(),
        response: { 201: z.array(ZActivityCategory) },
      },
      preHandler: requireCenterAdmin,
    },
    async (request, reply) => {
      const categories = await createCategory({ deps, actor: actorOf(request), name: request.body.name });
      return reply.status(201).send(categories.map(presentCategory));
    },
  );

  // Activities: staff -----------------------------------------------------------------------------
  app.post(
    '/api/activities',
    {
      schema: {
        tags: ['activities'],
        summary: '新建活动（草稿）',
        body: ZActivityCreate,
        response: { 201: ZActivityCreated },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await createActivity({ deps, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/api/activities',
    {
      schema: {
        tags: ['activities'],
        summary: '本社区的活动（按周）',
        querystring: z.object({ communityId: zId.optional(), week: zWeek.optional() }),
        response: { 200: z.array(ZStaffActivity) },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      (await activitiesInScope({ deps, actor: actorOf(request), ...request.query })).map(presentStaffActivity),
  );

  app.get(
    '/api/activities/:id',
    {
      schema: {
        tags: ['activities'],
        summary: '活动详情（工作人员）',
        params: ZIdParams,
        response: { 200: ZStaffActivity },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentStaffActivity(await activityForStaff({ deps, actor: actorOf(request), activityId: request.params.id })),
  );

  app.patch(
    '/api/activities/:id',
    {
      schema: {
        tags: ['activities'],
        summary: '修改活动（已发布的会标记变更并通知报名者）',
        params: ZIdParams,
        body: ZActivityUpdate,
        response: { 200: ZStaffActivity },
      },
      preHandler: requireStaff,
    },
    async (request) => {
      const { callList, ...view } = await updateActivity({
        deps,
        actor: actorOf(request),
        activityId: request.params.id,
        data: request.body,
      });
      return { ...presentStaffActivity(view), ...(callList !== undefined ? { callList } : {}) };
    },
  );

  postOnActivity('submit', '报送中心（截止时间前）', ZActivityStateChange, requireStaff, submitActivity);
  postOnActivity(
    'copy-next-week',
    '复制到下周（同样内容的草稿，日期加一周；已复制过则返回那份）',
    ZActivityCopied,
    requireStaff,
    copyActivityToNextWeek,
  );

  app.post(
    '/api/activities/from-last-week',
    {
      schema: {
        tags: ['activities'],
        summary: '从上周菜单开始：上周已发布的活动复制为本周草稿（不重复）',
        body: ZWeekStart,
        response: { 200: ZWeekStarted },
      },
      preHandler: requireStaff,
    },
    async (request) => startWeekFromLastWeek({ deps, actor: actorOf(request), data: request.body }),
  );

  postOnActivity('approve', '中心审核通过', ZActivityStateChange, requireCenterAdmin, approveActivity);
  app.post(
    '/api/activities/:id/return',
    {
      schema: {
        tags: ['activities'],
        summary: '中心退回（写明原因）',
        params: ZIdParams,
        body: ZActivityReturn,
        response: { 200: ZActivityStateChange },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) =>
      returnActivity({ deps, actor: actorOf(request), activityId: request.params.id, reason: request.body.reason }),
  );
  postOnActivity(
    'publish',
    '补充发布（单个活动立即发布）',
    ZActivityStateChange,
    requireCenterAdmin,
    publishActivityNow,
  );
  app.post(
    '/api/activities/:id/cancel',
    {
      schema: {
        tags: ['activities'],
        summary: '取消活动（通知报名者）',
        params: ZIdParams,
        body: ZActivityCancel,
        response: { 200: ZActivityStateChange },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      cancelActivity({ deps, actor: actorOf(request), activityId: request.params.id, reason: request.body.reason }),
  );

  // Activities: public ----------------------------------------------------------------------------
  app.get(
    '/api/public/activities/:id',
    {
      schema: {
        tags: ['activities'],
        summary: '活动详情（公开）',
        params: ZIdParams,
        response: { 200: ZPublicActivity },
      },
    },
    async (request) => presentPublicActivity(await publicActivity({ deps, activityId: request.params.id })),
  );

  app.get(
    '/api/public/activities',
    {
      schema: {
        tags: ['activities'],
        summary: '近期已发布的活动',
        querystring: z.object({
          communityId: zId.optional(),
          days: zQueryInt('天数', 1, 60).default(14),
        }),
        response: { 200: z.array(ZPublicActivity) },
      },
    },
    async (request) => (await upcomingPublicActivities({ deps, ...request.query })).map(presentPublicActivity),
  );

  // Registrations ---------------------------------------------------------------------------------
  app.post(
    '/api/activities/:id/registrations',
    {
      schema: {
        tags: ['activities'],
        summary: '报名（名额满则候补）',
        params: ZIdParams,
        body: ZRegistrationCreate,
        headers: ZIdempotencyHeaders,
        response: { 201: ZRegistrationResult },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      return await respondOnce(deps, request, reply, 201, (trx) =>
        register(trx, deps, {
          actor: actorOf(request),
          activityId: request.params.id,
          residentId: request.body.residentId,
        }),
      );
    },
  );

  app.get(
    '/api/activities/:id/registrations',
    {
      schema: {
        tags: ['activities'],
        summary: '报名名单',
        params: ZIdParams,
        response: { 200: z.array(ZRegistrationRow) },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      (await registrationsOf({ deps, actor: actorOf(request), activityId: request.params.id })).map(
        presentRegistration,
      ),
  );

  app.get(
    '/api/activities/:id/registrations/export',
    {
      schema: {
        tags: ['activities'],
        summary: '导出报名与签到名单（Excel）',
        params: ZIdParams,
        response: { 200: ZXlsxFile },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      sendXlsx(reply, await exportAttendance({ deps, actor: actorOf(request), activityId: request.params.id })),
  );

  app.delete(
    '/api/activities/:id/registrations/:registrationId',
    {
      schema: {
        tags: ['activities'],
        summary: '取消报名（候补第一位自动转正；支持 Idempotency-Key）',
        params: z.object({ id: zId, registrationId: zId }),
        headers: ZIdempotencyHeaders,
        response: { 204: z.null() },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 204, async (trx) => {
        await cancelRegistration(trx, deps, {
          actor: actorOf(request),
          activityId: request.params.id,
          registrationId: request.params.registrationId,
        });
        return null;
      }),
  );

  app.get(
    '/api/me/activities',
    {
      schema: { tags: ['activities'], summary: '我报名的活动', response: { 200: z.array(ZMyActivity) } },
      preHandler: requireUser,
    },
    async (request) => (await myActivities({ deps, actor: actorOf(request) })).map(presentMyActivity),
  );

  // Check-in --------------------------------------------------------------------------------------
  app.get(
    '/api/activities/:id/checkin-code',
    {
      schema: {
        tags: ['activities'],
        summary: '当前签到码（约每30秒更换）',
        params: ZIdParams,
        response: { 200: ZCheckinCode },
      },
      preHandler: requireStaff,
    },
    async (request) => currentCheckinCode({ deps, actor: actorOf(request), activityId: request.params.id }),
  );

  app.post(
    '/api/activities/:id/checkins',
    {
      schema: {
        tags: ['activities'],
        summary: '签到（居民扫码，或工作人员扫会员卡）；同时发放活动积分（支持 Idempotency-Key）',
        params: ZIdParams,
        body: ZCheckinCreate,
        headers: ZIdempotencyHeaders,
        response: { 201: ZCheckinResult },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const prepared = await prepareCheckIn({ deps, actor, activityId: request.params.id, data: request.body });
      return await respondOnce(deps, request, reply, 201, (trx) => checkIn(trx, deps, { actor, prepared }));
    },
  );

  // Check-out (签退, volunteer activities) -------------------------------------------------------
  app.get(
    '/api/activities/:id/checkout-code',
    {
      schema: {
        tags: ['activities'],
        summary: '当前签退码（志愿服务活动；约每30秒更换，签到码不能用来签退）',
        params: ZIdParams,
        response: { 200: ZCheckinCode },
      },
      preHandler: requireStaff,
    },
    async (request) => currentCheckoutCode({ deps, actor: actorOf(request), activityId: request.params.id }),
  );

  app.post(
    '/api/activities/:id/checkouts',
    {
      schema: {
        tags: ['activities'],
        summary: '签退（志愿服务活动）：居民扫签退码，或工作人员为一人 / 全部签退',
        params: ZIdParams,
        body: ZCheckoutCreate,
        response: { 200: ZCheckoutResult },
      },
      preHandler: requireUser,
    },
    async (request) => checkOut({ deps, actor: actorOf(request), activityId: request.params.id, data: request.body }),
  );
}
