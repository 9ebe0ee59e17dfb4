import { z } from 'zod';
import { zId } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { markNotificationsRead, myNotifications } from './notifications.service.js';

export function notificationsRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/notifications',
    { schema: { tags: ['notifications'], summary: '我的消息（候补转正、活动变更或取消）' }, preHandler: requireUser },
    async (request) => {
      const { items, unread } = await myNotifications({ deps, actor: actorOf(request) });
      return {
        unread,
        items: items.map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          at: n.created_at,
          read: n.read_at != null,
        })),
      };
    },
  );

  app.post(
    '/api/notifications/read',
    {
      schema: { tags: ['notifications'], summary: '标记为已读', body: z.object({ upToId: zId.optional() }).strict() },
      preHandler: requireUser,
    },
    async (request, reply) => {
      await markNotificationsRead({ deps, actor: actorOf(request), upToId: request.body.upToId });
      return reply.status(204).send();
    },
  );
}
