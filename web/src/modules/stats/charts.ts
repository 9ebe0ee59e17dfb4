import type { TAgeBand, TDashboard } from '@zhongli/domain';

/**
 * ECharts options for the dashboard, built from the answer alone, for the console home (light) and
 * the 大屏 (dark). Pure functions: the views only hand them to <StatsChart>.
 */
export const AGE_BAND_LABELS: Record<TAgeBand, string> = {
  under60: '60岁以下',
  '60-69': '60–69岁',
  '70-79': '70–79岁',
  '80+': '80岁及以上',
  unknown: '未登记',
};

export interface ChartTheme {
  text: string;
  axis: string;
  split: string;
  fontSize: number;
}

export const LIGHT: ChartTheme = { text: '#303133', axis: '#909399', split: '#ebeef5', fontSize: 12 };
export const DARK: ChartTheme = { text: '#e6f0ff', axis: '#8fa8cc', split: '#22395e', fontSize: 20 };

const PALETTE = ['#2f7de1', '#f0a020', '#36b37e', '#e5534b', '#8e6ad8', '#00a3bf', '#c77d1b', '#5b8c00'];

/** A count axis: whole numbers, the theme's colours. */
const countAxis = (theme: ChartTheme) => ({
  type: 'value',
  minInterval: 1,
  axisLabel: { color: theme.axis, fontSize: theme.fontSize },
  splitLine: { lineStyle: { color: theme.split } },
});

/** '2026-W49' → '第49周' */
export const weekLabel = (week: string) => `第${Number(week.slice(6))}周`;

/** Check-ins per week, stacked by community; each bar segment carries its week and community for the click. */
export function weeklyOption(board: TDashboard, names: Map<number, string>, theme: ChartTheme) {
  const weeks = [...new Set(board.weeks.map((w) => w.week))].sort();
  const communities = [...new Set(board.weeks.map((w) => w.communityId))];
  return {
    animation: false,
    color: PALETTE,
    textStyle: { color: theme.text, fontSize: theme.fontSize },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: theme.text, fontSize: theme.fontSize } },
    // room for the legend on two lines (six communities on a phone)
    grid: { left: 8, right: 8, bottom: 8, top: theme.fontSize * 3 + 24, containLabel: true },
    xAxis: {
      type: 'category',
      data: weeks.map(weekLabel),
      axisLabel: { color: theme.axis, fontSize: theme.fontSize },
    },
    yAxis: countAxis(theme),
    series: communities.map((communityId) => ({
      type: 'bar',
      name: names.get(communityId) ?? `社区${communityId}`,
      stack: 'participants',
      data: weeks.map((week) => {
        const row = board.weeks.find((w) => w.week === week && w.communityId === communityId);
        return { value: row?.participants ?? 0, week, communityId, activities: row?.activities ?? 0 };
      }),
    })),
  };
}

/** Distinct residents reached, by age band on the period's last day. */
export function ageBandOption(board: TDashboard, theme: ChartTheme) {
  const nobody = board.figures.participation.distinctResidents === 0;
  return {
    animation: false,
    // a pie of zeros would draw equal slices (ECharts' default); say there is nobody instead
    title: nobody
      ? {
          text: '本期还没有服务居民',
          left: 'center',
          top: 'middle',
          textStyle: { color: theme.text, fontSize: theme.fontSize },
        }
      : undefined,
    color: PALETTE,
    textStyle: { color: theme.text, fontSize: theme.fontSize },
    tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
    legend: { bottom: 0, textStyle: { color: theme.text, fontSize: theme.fontSize } },
    series: [
      {
        type: 'pie',
        stillShowZeroSum: false,
        radius: ['38%', '66%'],
        center: ['50%', '44%'],
        label: { color: theme.text, fontSize: theme.fontSize, formatter: '{c}' },
        data: board.figures.participation.byAgeBand
          .filter((b) => b.residents > 0 || b.band !== 'unknown')
          .map((b) => ({ name: AGE_BAND_LABELS[b.band], value: b.residents })),
      },
    ],
  };
}

/** Merchants by stars (0: not rated yet). */
export function starsOption(board: TDashboard, theme: ChartTheme) {
  const stars = [0, 3, 4, 5];
  return {
    animation: false,
    color: ['#f0a020'],
    textStyle: { color: theme.text, fontSize: theme.fontSize },
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 8, bottom: 8, top: 16, containLabel: true },
    xAxis: {
      type: 'category',
      data: stars.map((s) => (s === 0 ? '未评级' : '★'.repeat(s))),
      axisLabel: { color: theme.axis, fontSize: theme.fontSize },
    },
    yAxis: countAxis(theme),
    series: [
      {
        type: 'bar',
        name: '商户',
        label: { show: true, position: 'top', color: theme.text, fontSize: theme.fontSize },
        data: stars.map((s) => board.merchantStars.find((x) => x.stars === s)?.merchants ?? 0),
      },
    ],
  };
}

/** Communities side by side: activities held, residents reached, check-ins. */
export function communitiesOption(board: TDashboard, theme: ChartTheme) {
  const rows = board.figures.byCommunity;
  const axisLabel = { color: theme.axis, fontSize: theme.fontSize };
  return {
    animation: false,
    color: PALETTE,
    textStyle: { color: theme.text, fontSize: theme.fontSize },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: theme.text, fontSize: theme.fontSize } },
    grid: { left: 8, right: 24, bottom: 8, top: theme.fontSize * 3, containLabel: true },
    xAxis: countAxis(theme),
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel },
    series: [
      { type: 'bar', name: '参与人次', data: rows.map((r) => r.checkins) },
      { type: 'bar', name: '服务居民', data: rows.map((r) => r.distinctResidents) },
      { type: 'bar', name: '活动场次', data: rows.map((r) => r.activitiesHeld) },
    ],
  };
}
