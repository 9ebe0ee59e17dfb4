import { AppError, reportCharts, type TReportChart } from '@zhongli/domain';
import { reportArticle } from './reports.article.js';
import { readReport, type ReportUseCase } from './reports.service.js';
import { renderChartSvg } from './reports.svg.js';
import { reportWorkbook } from './reports.workbook.js';

// Every output reads the same report (the snapshot of a closed period), so they all show the same figures.

/** One chart of the report as SVG; a chart the figures do not draw (no services, a community's comparison) is a 404. */
export async function reportChartSvg({ chart, ...rest }: ReportUseCase & { chart: TReportChart }): Promise<string> {
  const view = await readReport(rest);
  const spec = reportCharts(view.figures).find((c) => c.id === chart);
  if (!spec) throw new AppError('NOT_FOUND');
  return renderChartSvg(spec);
}

export async function reportWorkbookOf(options: ReportUseCase) {
  return reportWorkbook(await readReport(options));
}

export async function reportArticleOf(options: ReportUseCase) {
  return reportArticle(await readReport(options));
}
