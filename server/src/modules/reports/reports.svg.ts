import * as echarts from 'echarts';
import { chartSize, type ReportChartSpec } from '@zhongli/domain';

/**
 * A report chart as SVG, drawn on the server from the same options the console page gives ECharts,
 * for the print view (a printed page needs no script to have its charts). The chart is disposed
 * every time: a live ECharts instance keeps a timer that holds the process open.
 */
export function renderChartSvg(spec: ReportChartSpec): string {
  const { width, height } = chartSize(spec);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...spec.option, animation: false, tooltip: undefined });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
