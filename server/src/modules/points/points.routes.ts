import { z } from 'zod';
import {
  ZLedgerExportQuery,
  ADJUSTMENT_STATUSES,
  ZAdjustment,
  ZAdjustmentApproved,
  ZAdjustmentRejected,
  ZAdjustmentRequested,
  ZCommunityQuery,
  ZIntegrityLastRun,
  ZIntegrityQuery,
  ZIntegrityReport,
  ZLeaderboardRow,
  ZLeaderboardWindow,
  ZLedgerEntryWritten,
  ZPointsStatement,
  ZRuleVersion,
  ZLeaderboardQuery,
  ZPointsAdjustment,
  ZPointsAward,
  ZPointsReversal,
  ZPointsRuleVersionCreate,
  ZPointsRulesCopy,
  ZPointsTemplateSave,
  ZRulesCopied,
  ZTemplateRule,
  ZStatementQuery,
  zId,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireCenterAdmin, requireStaff, requireUser } from '../../platform/guards.js';
import { respondOnce, ZIdempotencyHeaders } from '../../platform/idempotency.js';
import type { ZApp } from '../../platform/zod-app.js';
import { rowsOf, tables } from '../../platform/public-cache.js';
import { sendXlsx, ZXlsxFile } from '../../platform/xlsx.js';
import { lastIntegrityRun, verifyLedger } from './points.integrity.js';
import {
  presentAdjustment,
  presentEntryWritten,
  presentLeaderboard,
  presentRulesCopied,
  presentRuleVersion,
  presentStatement,
  presentTemplateRule,
} from './points.presenter.js';
import { copyRules, saveTemplate, templateRules } from './points.template.js';
import {
  approveAdjustment,
  awardByRule,
  currentRules,
  getLeaderboard,
  getLeaderboardWindow,
  getStatement,
  exportLedger,
  exportStatement,
  listAdjustmentsInScope,
  publishRules,
  rejectAdjustment,
  requestAdjustment,
  reverseEntry,
  ruleHistory,
} from './points.service.js';

const ZIdParams = z.object({ id: zId });

export function pointsRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/public/points-rules',
    {
      schema: {
        tags: ['points'],
        summary: '现行积分管理办法（公开）',
        querystring: ZCommunityQuery,
        response: { 200: ZRuleVersion },
      },
    },
    async (request) => presentRuleVersion(await currentRules({ deps, communityId: request.query.communityId })),
  );

  app.get(
    '/api/public/points-rules/history',
    {
      schema: {
        tags: ['points'],
        summary: '积分规则历次版本（公示）',
        querystring: ZCommunityQuery,
        response: { 200: z.array(ZRuleVersion) },
      },
    },
    async (request) => (await ruleHistory({ deps, communityId: request.query.communityId })).map(presentRuleVersion),
  );

  app.post(
    '/api/points-rules',
    {
      schema: {
        tags: ['points'],
        summary: '发布新版积分规则',
        body: ZPointsRuleVersionCreate,
        response: { 201: ZRuleVersion },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentRuleVersion(await publishRules({ deps, actor: actorOf(request), data: request.body }))),
  );

  app.get(
    '/api/points/rules/template',
    {
      schema: {
        tags: ['points'],
        summary: '中心积分规则模板',
        response: { 200: z.array(ZTemplateRule) },
      },
      preHandler: requireStaff,
    },
    async () => (await templateRules({ deps })).map(presentTemplateRule),
  );

  app.put(
    '/api/points/rules/template',
    {
      schema: {
        tags: ['points'],
        summary: '保存中心积分规则模板（整份）',
        body: ZPointsTemplateSave,
        response: { 200: z.array(ZTemplateRule) },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) =>
      (await saveTemplate({ deps, actor: actorOf(request), data: request.body })).map(presentTemplateRule),
  );

  app.post(
    '/api/points/rules/copy',
    {
      schema: {
        tags: ['points'],
        summary: '从中心模板或其他社区复制积分规则（已复制的不重复）',
        body: ZPointsRulesCopy,
        response: { 200: ZRulesCopied },
      },
      preHandler: requireStaff,
    },
    async (request) => presentRulesCopied(await copyRules({ deps, actor: actorOf(request), data: request.body })),
  );

  app.post(
    '/api/points/awards',
    {
      schema: {
        tags: ['points'],
        summary: '按规则发放积分（支持 Idempotency-Key）',
        body: ZPointsAward,
        headers: ZIdempotencyHeaders,
        response: { 201: ZLedgerEntryWritten },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 201, async (trx) =>
        presentEntryWritten(
          await awardByRule(trx, deps, {
            actor: actorOf(request),
            residentId: request.body.residentId,
            ruleId: request.body.ruleId,
            note: request.body.note,
          }),
        ),
      ),
  );

  app.post(
    '/api/points/adjustments',
    {
      schema: {
        tags: ['points'],
        summary: '申请手工调整积分（需另一人审核）',
        body: ZPointsAdjustment,
        response: { 201: ZAdjustmentRequested },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      reply.status(201).send(await requestAdjustment({ deps, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/api/points/adjustments',
    {
      schema: {
        tags: ['points'],
        summary: '积分调整申请',
        querystring: z.object({ status: z.enum(ADJUSTMENT_STATUSES).optional() }),
        response: { 200: z.array(ZAdjustment) },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      (await listAdjustmentsInScope({ deps, actor: actorOf(request), status: request.query.status })).map(
        presentAdjustment,
      ),
  );

  app.post(
    '/api/points/adjustments/:id/approve',
    {
      schema: {
        tags: ['points'],
        summary: '审核通过积分调整（不能是申请人）',
        params: ZIdParams,
        headers: ZIdempotencyHeaders,
        response: { 200: ZAdjustmentApproved },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 200, (trx) =>
        approveAdjustment(trx, deps, { actor: actorOf(request), adjustmentId: request.params.id }),
      ),
  );

  app.post(
    '/api/points/adjustments/:id/reject',
    {
      schema: { tags: ['points'], summary: '驳回积分调整', params: ZIdParams, response: { 200: ZAdjustmentRejected } },
      preHandler: requireStaff,
    },
    async (request) => rejectAdjustment({ deps, actor: actorOf(request), adjustmentId: request.params.id }),
  );

  app.post(
    '/api/points/entries/:id/reverse',
    {
      schema: {
        tags: ['points'],
        summary: '冲正一笔积分记录',
        params: ZIdParams,
        body: ZPointsReversal,
        headers: ZIdempotencyHeaders,
        response: { 201: ZLedgerEntryWritten },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      respondOnce(deps, request, reply, 201, async (trx) =>
        presentEntryWritten(
          await reverseEntry(trx, deps, {
            actor: actorOf(request),
            entryId: request.params.id,
            reason: request.body.reason,
          }),
        ),
      ),
  );

  app.get(
    '/api/residents/:id/points',
    {
      schema: {
        tags: ['points'],
        summary: '积分余额与明细',
        params: ZIdParams,
        querystring: ZStatementQuery,
        response: { 200: ZPointsStatement },
      },
      preHandler: requireUser,
    },
    async (request) =>
      presentStatement(
        await getStatement({ deps, actor: actorOf(request), residentId: request.params.id, page: request.query }),
        request.query.page,
      ),
  );

  app.get(
    '/api/residents/:id/points/export',
    {
      schema: {
        tags: ['points'],
        summary: '导出居民积分明细（Excel）',
        params: ZIdParams,
        response: { 200: ZXlsxFile },
      },
      preHandler: requireUser,
    },
    async (request, reply) =>
      sendXlsx(reply, await exportStatement({ deps, actor: actorOf(request), residentId: request.params.id })),
  );

  app.get(
    '/api/points/ledger/export',
    {
      schema: {
        tags: ['points'],
        summary: '导出一段时间的积分流水（Excel；县内日期，含首尾两天）',
        querystring: ZLedgerExportQuery,
        response: { 200: ZXlsxFile },
      },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      sendXlsx(reply, await exportLedger({ deps, actor: actorOf(request), query: request.query })),
  );

  app.get(
    '/api/public/leaderboard',
    {
      schema: {
        tags: ['points'],
        summary: '光荣榜（公开，姓名脱敏）',
        querystring: ZLeaderboardQuery,
        response: { 200: z.array(ZLeaderboardRow) },
      },
      // One community's awards: another community's check-in leaves this roll cached.
      config: {
        publicCache: {
          maxAgeSeconds: 30,
          depends: ({ query }) => [rowsOf('points_ledger', query.communityId), ...tables('residents', 'communities')],
        },
      },
    },
    async (request) => presentLeaderboard((await getLeaderboard({ deps, query: request.query })).rows),
  );

  app.get(
    '/api/public/leaderboard/window',
    {
      schema: {
        tags: ['points'],
        summary: '光荣榜的统计区间',
        querystring: ZLeaderboardQuery,
        response: { 200: ZLeaderboardWindow },
      },
    },
    async (request) => getLeaderboardWindow({ deps, query: request.query }),
  );

  app.get(
    '/api/points/integrity',
    {
      schema: {
        tags: ['points'],
        summary: '积分账本完整性核查（mode=incremental: 只核查上次核查点之后的记录）',
        querystring: ZIntegrityQuery,
        response: { 200: ZIntegrityReport },
      },
      preHandler: requireCenterAdmin,
    },
    async (request) => verifyLedger({ deps, mode: request.query.mode }),
  );

  app.get(
    '/api/points/integrity/last',
    {
      schema: { tags: ['points'], summary: '上次账本核查', response: { 200: ZIntegrityLastRun } },
      preHandler: requireCenterAdmin,
    },
    async () => lastIntegrityRun({ deps }),
  );
}
