import type { ReportKind, TArticle, TReport, TReportChart } from '@zhongli/domain';
import { http, withQuery } from '../../shared/http';

export interface ReportRef {
  kind: ReportKind;
  period: string;
  /** undefined: the county */
  communityId?: number;
}

const base = (r: ReportRef) => `/api/reports/${r.kind}/${r.period}`;
const scope = (r: ReportRef) => ({ communityId: r.communityId });

export const reportsApi = {
  report: (r: ReportRef) => http.get<TReport>(base(r), scope(r)),
  regenerate: (r: ReportRef) => http.post<TReport>(withQuery(`${base(r)}/regenerate`, scope(r))),
  article: (r: ReportRef) => http.get<TArticle>(`${base(r)}/article`, scope(r)),
  /** plain links: the browser downloads the workbook and draws the server's SVG itself */
  workbookUrl: (r: ReportRef) => withQuery(`${base(r)}/workbook`, scope(r)),
  chartUrl: (r: ReportRef, chart: TReportChart) => withQuery(`${base(r)}/charts/${chart}`, scope(r)),
};
