import { clientAddress } from '../../platform/proxy-trust.js';
import { z } from 'zod';
import {
  ZChangePassword,
  zId,
  ZLogin,
  ZMe,
  ZSignedIn,
  ZUserCreate,
  ZUserCreated,
  ZUserRolesGrant,
  ZUserRolesGranted,
  ZUserSummary,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { changePassword, createUser, grantRoles, listUsers, signIn, signOut } from './accounts.service.js';
import { presentMe, presentSignedIn, presentUsers } from './accounts.presenter.js';
import {
  clearSessionCookie,
  deviceIdOf,
  sessionIdOf,
  sessionTokenOf,
  setDeviceCookie,
  setSessionCookie,
} from './sessions.js';

const ZIdParams = z.object({ id: zId });

export function accountsRoutes(app: ZApp, deps: AppDeps): void {
  app.post(
    '/api/auth/login',
    { schema: { tags: ['accounts'], summary: '手机号+密码登录', body: ZLogin, response: { 200: ZSignedIn } } },
    async (request, reply) => {
      const { token, deviceId, actor } = await signIn({
        deps,
        credentials: request.body,
        address: clientAddress(request),
        deviceId: deviceIdOf(request),
      });
      setSessionCookie(reply, deps, token);
      setDeviceCookie(reply, deps, deviceId);
      return presentSignedIn(actor);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['accounts'], summary: '退出登录', response: { 204: z.null() } }, preHandler: requireUser },
    async (request, reply) => {
      const token = sessionTokenOf(request);
      if (token) await signOut({ deps, sessionId: sessionIdOf(token) });
      clearSessionCookie(reply, deps);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['accounts'],
        summary: '修改密码（其他设备随之退出）',
        body: ZChangePassword,
        response: { 204: z.null() },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      const token = sessionTokenOf(request)!;
      await changePassword({ deps, actor: actorOf(request), sessionId: sessionIdOf(token), data: request.body });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me',
    { schema: { tags: ['accounts'], summary: '当前登录的账号', response: { 200: ZMe } }, preHandler: requireUser },
    async (request) => presentMe(actorOf(request)),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['accounts'],
        summary: '创建工作人员、商户或志愿者账号',
        body: ZUserCreate,
        response: { 201: ZUserCreated },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await createUser({ deps, actor: actorOf(request), data: request.body })),
  );

  app.post(
    '/api/users/:id/roles',
    {
      schema: {
        tags: ['accounts'],
        summary: '为已有账号添加角色（一个手机号一个账号，可兼居民、志愿者等多个角色）',
        params: ZIdParams,
        body: ZUserRolesGrant,
        response: { 200: ZUserRolesGranted },
      },
      preHandler: requireStaff,
    },
    async (request) => grantRoles({ deps, actor: actorOf(request), userId: request.params.id, data: request.body }),
  );

  app.get(
    '/api/users',
    {
      schema: { tags: ['accounts'], summary: '账号列表（按管辖范围）', response: { 200: z.array(ZUserSummary) } },
      preHandler: requireStaff,
    },
    async (request) => presentUsers(await listUsers({ deps, actor: actorOf(request) })),
  );
}
