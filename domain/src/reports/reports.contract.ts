import { z } from 'zod';
import { ZPeriodFigures } from '../stats/stats.contract.js';
import { REPORT_KINDS, reportPeriod } from './periods.js';

export const ZReportKind = z.enum(REPORT_KINDS);

/** `/api/reports/:kind/:period`: a month '2026-11' or an ISO week '2026-W48'. */
export const ZReportParams = z
  .object({ kind: ZReportKind, period: z.string() })
  .refine((p) => reportPeriod(p.kind, p.period) !== null, {
    path: ['period'],
    message: '月份写作 2026-11，周写作 2026-W48',
  });
export type TReportParams = z.infer<typeof ZReportParams>;

/** No community: the county (the center's report, comparing communities). */
export const ZReportQuery = z.object({ communityId: z.coerce.number().int().positive().optional() });
export type TReportQuery = z.infer<typeof ZReportQuery>;

export const ZReportState = z.enum(['live', 'frozen']);

export const ZReport = z.object({
  kind: ZReportKind,
  period: z.string(),
  /** 2026年11月 / 2026年第48周（11月23日—11月29日） */
  label: z.string(),
  /** the report's title: the period, the scope and 月报/周报 */
  title: z.string(),
  from: z.string(),
  to: z.string(),
  communityId: z.number().int().nullable(),
  /** `live`: the period has not closed, figures are counted as they are (统计中) and never stored; `frozen`: a snapshot */
  state: ZReportState,
  generatedAt: z.string().nullable(),
  generatedBy: z.string().nullable(),
  figures: ZPeriodFigures,
  /** the text summary, one paragraph a line, built from the figures */
  summary: z.array(z.string()),
});
export type TReport = z.infer<typeof ZReport>;

/** The charts a report draws (the page with ECharts, the print view as server-rendered SVG). */
export const REPORT_CHARTS = ['categories', 'ages', 'communities', 'services'] as const;
export const ZReportChartParams = z
  .object({ kind: ZReportKind, period: z.string(), chart: z.enum(REPORT_CHARTS) })
  .refine((p) => reportPeriod(p.kind, p.period) !== null, {
    path: ['period'],
    message: '月份写作 2026-11，周写作 2026-W48',
  });
export type TReportChart = (typeof REPORT_CHARTS)[number];

/** An SVG chart, answered as image/svg+xml. */
export const ZReportSvg = z.string().meta({ description: 'SVG 图表（ECharts 服务器端渲染）' });
/** An Excel workbook (.xlsx), answered as bytes. */
export const ZReportWorkbook = z.string().meta({ description: 'Excel 工作簿（.xlsx），每个部分一张表' });
