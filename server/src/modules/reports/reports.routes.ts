import {
  ZArticle,
  ZReport,
  ZReportChartParams,
  ZReportParams,
  ZReportQuery,
  ZReportSvg,
  ZReportWorkbook,
} from '@zhongli/domain';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { reportArticleOf, reportChartSvg, reportWorkbookOf } from './reports.outputs.js';
import { presentReport } from './reports.presenter.js';
import { readReport, regenerateReport } from './reports.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WORKBOOK = { description: 'Excel', content: { [XLSX]: { schema: ZReportWorkbook } } };
const SVG = { description: 'SVG', content: { 'image/svg+xml': { schema: ZReportSvg } } };

type ReportHttpRequest = FastifyRequest<{
  Params: { kind: 'month' | 'week'; period: string };
  Querystring: { communityId?: number };
}>;

export function reportsRoutes(app: ZApp, deps: AppDeps): void {
  /** Who asks for which report: the period from the path, the community (none: the county) from the query. */
  const useCase = (r: ReportHttpRequest) => ({
    deps,
    actor: actorOf(r),
    request: { kind: r.params.kind, period: r.params.period, communityId: r.query.communityId ?? null },
  });

  app.get(
    '/api/reports/:kind/:period',
    {
      schema: {
        tags: ['reports'],
        summary: '月报/周报（社区或全县）：已结束的期间读取快照，未结束的为统计中的实时数据',
        params: ZReportParams,
        querystring: ZReportQuery,
        response: { 200: ZReport },
      },
      preHandler: requireStaff,
    },
    async (request) => presentReport(await readReport(useCase(request))),
  );

  app.post(
    '/api/reports/:kind/:period/regenerate',
    {
      schema: {
        tags: ['reports'],
        summary: '重新生成已结束期间的报表快照（记入操作日志，含新旧主要数据）',
        params: ZReportParams,
        querystring: ZReportQuery,
        response: { 200: ZReport },
      },
      preHandler: requireStaff,
    },
    async (request) => presentReport(await regenerateReport(useCase(request))),
  );

  app.get(
    '/api/reports/:kind/:period/charts/:chart',
    {
      schema: {
        tags: ['reports'],
        summary: '报表图表（服务器端渲染的 SVG，供打印版使用）',
        params: ZReportChartParams,
        querystring: ZReportQuery,
        response: { 200: SVG },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      const svg = await reportChartSvg({ ...useCase(request), chart: request.params.chart });
      return reply.header('content-type', 'image/svg+xml; charset=utf-8').send(svg);
    },
  );

  app.get(
    '/api/reports/:kind/:period/workbook',
    {
      schema: {
        tags: ['reports'],
        summary: '报表 Excel 工作簿（每个部分一张表）',
        params: ZReportParams,
        querystring: ZReportQuery,
        response: { 200: WORKBOOK },
      },
      preHandler: requireStaff,
    },
    async (request, reply) => {
      const { filename, bytes } = await reportWorkbookOf(useCase(request));
      return (
        reply
          .header('content-type', XLSX)
          .header('content-disposition', `attachment; filename="${filename}"`)
          // Bytes go out as they are (Fastify serialises no Buffer); the schema describes them for the document.
          .send(bytes as unknown as string)
      );
    },
  );

  app.get(
    '/api/reports/:kind/:period/article',
    {
      schema: {
        tags: ['reports'],
        summary: '报表的公众号文章（只含内联样式的 HTML）',
        params: ZReportParams,
        querystring: ZReportQuery,
        response: { 200: ZArticle },
      },
      preHandler: requireStaff,
    },
    async (request) => reportArticleOf(useCase(request)),
  );
}
