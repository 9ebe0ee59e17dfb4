import { z } from 'zod';
import {
  countyDateOf,
  zId,
  ZMemberCard,
  ZMemberCardSheet,
  ZMemberCardSheetQuery,
  ZResidentArchive,
  ZResidentCreate,
  ZResidentUpdate,
  ZResidentDetail,
  ZResidentList,
  ZResidentListQuery,
  ZResidentRegistered,
  ZResidentSetPassword,
  zString,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireCenterAdmin, requireStaff, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { sendXlsx, ZXlsxFile } from '../../platform/xlsx.js';
import {
  archiveResident,
  exportResidents,
  findResidentByCode,
  getMemberCard,
  getResident,
  listResidents,
  registerResident,
  setResidentPassword,
  unarchiveResident,
  updateResident,
} from './residents.service.js';
import { memberCardSheet } from './residents.import.js';
import { presentMemberCard, presentResidentDetail, presentResidentList } from './residents.presenter.js';

const ZResidentParams = z.object({ id: zId });
const ZResidentExportQuery = ZResidentListQuery.omit({ page: true, pageSize: true });

export function residentsRoutes(app: ZApp, deps: AppDeps): void {
  const today = () => countyDateOf(deps.clock.now());

  app.post(
    '/api/residents',
    {
      schema: {
        tags: ['residents'],
        summary: '登记居民（窗口代办）',
        body: ZResidentCreate,
        response: { 201: ZResidentRegistered },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await registerResident({ deps, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/api/residents',
    {
      schema: {
        tags: ['residents'],
        summary: '居民列表（按管辖范围，手机号脱敏）',
        querystring: ZResidentListQuery,
        response: { 200: ZResidentList },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentResidentList(
        await listResidents({ deps, actor: actorOf(request), query: request.query }),
        request.query.page,
        today(),
      ),
  );

  app.get(
    '/api/residents/export',
    {
      schema: {
        tags: ['residents'],
        summary: '导出居民名单（Excel；与列表相同的筛选和范围）',
        querystring: ZResidentExportQuery,
        response: { 200: ZXlsxFile },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      sendXlsx(reply, await exportResidents({ deps, actor: actorOf(request), query: request.query })),
  );

  app.get(
    '/api/residents/by-code/:memberCode',
    {
      schema: {
        tags: ['residents'],
        summary: '按会员号查找居民（扫会员卡）',
        params: z.object({ memberCode: zString('会员号', { trim: true }).max(20, { error: '会员号不能超过20位' }) }),
        response: { 200: ZResidentDetail },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentResidentDetail(
        await findResidentByCode({ deps, actor: actorOf(request), scanned: request.params.memberCode }),
        today(),
      ),
  );

  app.get(
    '/api/residents/:id',
    {
      schema: { tags: ['residents'], summary: '居民详情', params: ZResidentParams, response: { 200: ZResidentDetail } },
      preHandler: requireUser,
    },
    async (request) =>
      presentResidentDetail(
        await getResident({ deps, actor: actorOf(request), residentId: request.params.id }),
        today(),
      ),
  );

  app.get(
    '/api/residents/cards',
    {
      schema: {
        tags: ['residents'],
        summary: '会员卡批量打印：一次导入的居民，或某日以来新登记的居民（A4 每页10张）',
        querystring: ZMemberCardSheetQuery,
        response: { 200: ZMemberCardSheet },
      },
      preHandler: requireStaff,
    },
    async (request) => memberCardSheet({ deps, actor: actorOf(request), ...request.query }),
  );

  app.get(
    '/api/residents/:id/card',
    {
      schema: {
        tags: ['residents'],
        summary: '会员卡（含会员码二维码）',
        params: ZResidentParams,
        response: { 200: ZMemberCard },
      },
      preHandler: requireUser,
    },
    async (request) =>
      presentMemberCard(await getMemberCard({ deps, actor: actorOf(request), residentId: request.params.id })),
  );

  app.post(
    '/api/residents/:id/password',
    {
      schema: {
        tags: ['residents'],
        summary: '为居民设置登录密码',
        params: ZResidentParams,
        body: ZResidentSetPassword,
        response: { 204: z.null() },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      await setResidentPassword({ deps, actor: actorOf(request), residentId: request.params.id, data: request.body });
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/residents/:id',
    {
      schema: {
        tags: ['residents'],
        summary: '修改居民姓名、手机号、所属社区（迁移保留积分和记录）',
        params: ZResidentParams,
        body: ZResidentUpdate,
        response: { 204: z.null() },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      await updateResident({ deps, actor: actorOf(request), residentId: request.params.id, data: request.body });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/residents/:id/archive',
    {
      schema: {
        tags: ['residents'],
        summary: '归档居民（迁出或已故）：不再出现在列表和窗口，记录保留',
        params: ZResidentParams,
        body: ZResidentArchive,
        response: { 204: z.null() },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      await archiveResident({ deps, actor: actorOf(request), residentId: request.params.id, data: request.body });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/residents/:id/unarchive',
    {
      schema: {
        tags: ['residents'],
        summary: '恢复已归档的居民（中心管理员）',
        params: ZResidentParams,
        response: { 204: z.null() },
      },
      preHandler: requireCenterAdmin,
    },
    async (request, reply) => {
      await unarchiveResident({ deps, actor: actorOf(request), residentId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
