import type { TPeriodFigures } from '../stats/stats.contract.js';
import type { TReportChart } from './reports.contract.js';
import { AGE_BAND_LABELS, comparedCommunities, serviceTotals } from './summary.js';

/**
 * The report's charts as ECharts options, pure data: the console page draws them with vue-echarts,
 * the server renders the same options to SVG for the print view (echarts SSR). No functions inside,
 * so an option survives JSON and renders the same on both sides. Animation is off: a printed chart
 * must be complete the moment it is drawn.
 */
export type ChartOption = Record<string, unknown>;

export interface ReportChartSpec {
  id: TReportChart;
  title: string;
  option: ChartOption;
}

const COLORS = ['#b71c1c', '#ef6c00', '#2e7d32', '#1565c0', '#6a1b9a', '#00838f', '#9e9d24'];
const FONT = 'Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, PingFang SC, Microsoft YaHei, sans-serif';

function bars(categories: string[], series: { name: string; data: number[] }[], horizontal = false): ChartOption {
  const categoryAxis = { type: 'category', data: categories, axisLabel: { interval: 0, fontSize: 12 } };
  const valueAxis = { type: 'value', minInterval: 1 };
  return {
    animation: false,
    color: COLORS,
    textStyle: { fontFamily: FONT },
    grid: { left: horizontal ? 96 : 40, right: 24, top: series.length > 1 ? 36 : 16, bottom: 32, containLabel: false },
    legend: series.length > 1 ? { top: 0, data: series.map((s) => s.name) } : undefined,
    tooltip: { trigger: 'axis' },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: series.map((s) => ({
      name: s.name,
      type: 'bar',
      data: s.data,
      barMaxWidth: 28,
      label: { show: true, position: horizontal ? 'right' : 'top', fontSize: 11 },
    })),
  };
}

/** More category names than fit side by side at 640 px: the bars lie down, one name a row. */
const SIDE_BY_SIDE_AT_MOST = 4;

/** The charts that have something to show for these figures (the community comparison only for the county). */
export function reportCharts(f: TPeriodFigures): ReportChartSpec[] {
  const charts: ReportChartSpec[] = [];
  const categories = f.activities.byCategory;
  if (categories.length)
    charts.push({
      id: 'categories',
      title: '各类活动场次与参与人次',
      option: bars(
        categories.map((c) => c.category),
        [
          { name: '场次', data: categories.map((c) => c.held) },
          { name: '参与人次', data: categories.map((c) => c.participants) },
        ],
        categories.length > SIDE_BY_SIDE_AT_MOST,
      ),
    });
  if (f.participation.distinctResidents > 0)
    charts.push({
      id: 'ages',
      title: '参与居民年龄段',
      option: bars(
        f.participation.byAgeBand.map((b) => AGE_BAND_LABELS[b.band]),
        [{ name: '居民（人）', data: f.participation.byAgeBand.map((b) => b.residents) }],
      ),
    });
  const { shown, omitted } = comparedCommunities(f);
  if (f.period.communityId === null && shown.length)
    charts.push({
      id: 'communities',
      title: omitted ? `各社区活动与签到（活动最多的${shown.length}个）` : '各社区活动与签到',
      option: bars(
        shown.map((c) => c.name),
        [
          { name: '活动场次', data: shown.map((c) => c.activitiesHeld) },
          { name: '签到人次', data: shown.map((c) => c.checkins) },
        ],
        true,
      ),
    });
  const services = serviceTotals(f);
  if (services.length)
    charts.push({
      id: 'services',
      title: '便民服务人次',
      option: bars(
        services.map((s) => s.serviceName),
        [
          { name: '已服务', data: services.map((s) => s.served) },
          { name: '未到', data: services.map((s) => s.noShow) },
        ],
      ),
    });
  return charts;
}

/** Pixel size a chart is drawn at: a chart with lying bars (the community comparison, many categories) grows with its rows. */
export function chartSize(spec: ReportChartSpec): { width: number; height: number } {
  const axis = spec.option.yAxis as { type?: string; data?: unknown[] } | undefined;
  const rows = axis?.type === 'category' ? (axis.data?.length ?? 0) : 0;
  return { width: 640, height: rows ? Math.max(220, 60 + rows * 28) : 260 };
}
