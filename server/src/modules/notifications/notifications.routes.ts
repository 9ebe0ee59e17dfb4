import { z } from 'zod';
import { ZNotifications, ZNotificationsRead } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { markNotificationsRead, myNotifications } from './notifications.service.js';
import { presentNotifications } from './notifications.presenter.js';

export function notificationsRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '我的消息（候补转正、活动变更或取消）',
        response: { 200: ZNotifications },
      },
      preHandler: requireUser,
    },
    async (request) => presentNotifications(await myNotifications({ deps, actor: actorOf(request) })),
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: '标记为已读',
        body: ZNotificationsRead,
        response: { 204: z.null() },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      await markNotificationsRead({ deps, actor: actorOf(request), upToId: request.body.upToId });
      return reply.status(204).send(null);
    },
  );
}
