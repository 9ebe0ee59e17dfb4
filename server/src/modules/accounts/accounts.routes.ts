import { clientAddress } from '../../platform/proxy-trust.js';
import { z } from 'zod';
import {
  ZChangePassword,
  zId,
  ZLogin,
  ZMe,
  ZPasswordReset,
  ZSignedIn,
  ZUserCreate,
  ZUserCreated,
  ZUserRolesGrant,
  ZUserRolesGranted,
  ZUserSummary,
  ZUserUpdate,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import {
  changePassword,
  createUser,
  grantRoles,
  listUsers,
  resetUserPassword,
  setUserDisabled,
  signIn,
  signOut,
  updateUser,
} from './accounts.service.js';
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

  const ZUserParams = z.object({ id: zId });

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: '修改账号的姓名和角色',
        params: ZUserParams,
        body: ZUserUpdate,
        response: { 204: z.null() },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      await updateUser({ deps, actor: actorOf(request), userId: request.params.id, data: request.body });
      return reply.status(204).send(null);
    },
  );

  for (const [path, disabled, summary] of [
    ['disable', true, '停用账号（其所有登录立即失效）'],
    ['enable', false, '启用账号'],
  ] as const) {
    app.post(
      `/api/users/:id/${path}`,
      {
        schema: { tags: ['accounts'], summary, params: ZUserParams, response: { 204: z.null() } },
        preHandler: requireStaff,
      },
      async (request, reply) => {
        await setUserDisabled({ deps, actor: actorOf(request), userId: request.params.id, disabled });
        return reply.status(204).send(null);
      },
    );
  }

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags: ['accounts'],
        summary: '重置密码：生成只显示一次的临时密码，登录后须修改',
        params: ZUserParams,
        response: { 200: ZPasswordReset },
      },
      preHandler: requireStaff,
    },
    async (request) => resetUserPassword({ deps, actor: actorOf(request), userId: request.params.id }),
  );
}
