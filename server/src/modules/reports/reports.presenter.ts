import { periodLabel, reportSummary, reportTitle, type TReport } from '@zhongli/domain';
import type { ReportView } from './reports.service.js';

export function presentReport(view: ReportView): TReport {
  const { period: p, figures } = view;
  return {
    kind: p.kind,
    period: p.period,
    label: periodLabel(p.kind, p.period),
    title: reportTitle(p.kind, p.period, figures.period.scopeName),
    from: p.from,
    to: p.to,
    communityId: view.communityId,
    state: view.state,
    generatedAt: view.generatedAt,
    generatedBy: view.generatedBy,
    figures,
    summary: reportSummary(p.kind, p.period, figures),
  };
}
