import { AppError, reportCharts, type TReportChart } from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import type { AppDeps } from '../../platform/deps.js';
import { reportArticle } from './reports.article.js';
import { readReport, type ReportRequest } from './reports.service.js';
import { renderChartSvg } from './reports.svg.js';
import { reportWorkbook } from './reports.workbook.js';

/** Every output reads the same report (the snapshot of a closed period), so they all show the same figures. */
interface OutputRequest {
  deps: AppDeps;
  actor: Actor;
  request: ReportRequest;
}

/** One chart of the report as SVG; a chart the figures do not draw (no services, a community's comparison) is a 404. */
export async function reportChartSvg({ chart, ...rest }: OutputRequest & { chart: TReportChart }): Promise<string> {
  const view = await readReport(rest);
  const spec = reportCharts(view.figures).find((c) => c.id === chart);
  if (!spec) throw new AppError('NOT_FOUND');
  return renderChartSvg(spec);
}

export async function reportWorkbookOf(options: OutputRequest) {
  return reportWorkbook(await readReport(options));
}

export async function reportArticleOf(options: OutputRequest) {
  return reportArticle(await readReport(options));
}
