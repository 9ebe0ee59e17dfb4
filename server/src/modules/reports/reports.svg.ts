import { chartSize, type ReportChartSpec } from '@zhongli/domain';

/**
 * A report chart as SVG, drawn on the server from the same options the console page gives ECharts,
 * for the print view (a printed page needs no script to have its charts). The chart is disposed
 * every time: a live ECharts instance keeps a timer that holds the process open. ECharts is loaded on the
 * first chart, not at start: importing it costs about 1.5 s of CPU and most starts never draw one.
 */
export async function renderChartSvg(spec: ReportChartSpec): Promise<string> {
  const echarts = await import('echarts');
  const { width, height } = chartSize(spec);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...spec.option, animation: false, tooltip: undefined });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
