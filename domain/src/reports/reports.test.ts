import { describe, expect, it } from 'vitest';
import type { TPeriodFigures } from '../stats/stats.contract.js';
import { chartSize, reportCharts } from './charts.js';
import { isPeriodClosed, lastClosedPeriod, periodLabel, recentPeriods, reportPeriod, shiftPeriod } from './periods.js';
import { ZReportParams } from './reports.contract.js';
import { keyFigures, reportSummary, reportTitle } from './summary.js';

function figures(over: Partial<TPeriodFigures> = {}, communityId: number | null = null): TPeriodFigures {
  return {
    period: {
      from: '2026-11-01',
      to: '2026-11-30',
      communityId,
      scopeName: communityId ? '东园社区' : '县社区服务中心',
    },
    activities: {
      held: 12,
      cancelled: 1,
      byCategory: [
        { category: '文体', held: 7, participants: 140 },
        { category: '健康', held: 5, participants: 60 },
      ],
    },
    participation: {
      checkins: 200,
      distinctResidents: 90,
      byAgeBand: [
        { band: 'under60', residents: 20 },
        { band: '60-69', residents: 30 },
        { band: '70-79', residents: 25 },
        { band: '80+', residents: 10 },
        { band: 'unknown', residents: 5 },
      ],
    },
    needs: { raised: 8, answered: 6 },
    volunteerHours: { hours: 42.5, volunteers: 9 },
    points: { issued: 3000, redeemed: 1200 },
    donations: {
      donations: 4,
      donors: [
        { name: '红星超市', donations: 3, merchant: true },
        { name: '李记面馆', donations: 1, merchant: true },
      ],
    },
    services: [
      { serviceId: 1, serviceName: '理发', sessions: 4, served: 70, noShow: 3 },
      { serviceId: 2, serviceName: '理发', sessions: 2, served: 30, noShow: 1 },
    ],
    merchants: { participating: 3, contributions: 11 },
    byCommunity: [
      {
        communityId: 1,
        name: '东园社区',
        activitiesHeld: 8,
        checkins: 150,
        distinctResidents: 60,
        volunteerHours: 30,
        pointsIssued: 2000,
      },
      {
        communityId: 2,
        name: '西园社区',
        activitiesHeld: 4,
        checkins: 50,
        distinctResidents: 30,
        volunteerHours: 12.5,
        pointsIssued: 1000,
      },
      {
        communityId: 3,
        name: '南园社区',
        activitiesHeld: 0,
        checkins: 0,
        distinctResidents: 0,
        volunteerHours: 0,
        pointsIssued: 0,
      },
    ],
    ...over,
  };
}

describe('report periods in county time', () => {
  it('a month closes at 00:00 Asia/Shanghai on the 1st of the next month (16:00 UTC the day before)', () => {
    const nov = reportPeriod('month', '2026-11')!;
    expect(nov).toMatchObject({ from: '2026-11-01', to: '2026-11-30', closesAt: '2026-11-30T16:00:00.000Z' });
    expect(isPeriodClosed(nov, new Date('2026-11-30T15:59:59.999Z'))).toBe(false);
    expect(isPeriodClosed(nov, new Date('2026-11-30T16:00:00.000Z'))).toBe(true);
    // 08:00 on 1 December in UTC is already 16:00 in the county: closed; 23:00 on 30 November UTC too
    expect(isPeriodClosed(nov, new Date('2026-11-30T23:00:00.000Z'))).toBe(true);
  });

  it('February has its own length, leap years included; December rolls into the next year', () => {
    expect(reportPeriod('month', '2028-02')!.to).toBe('2028-02-29');
    expect(reportPeriod('month', '2027-02')!.to).toBe('2027-02-28');
    expect(reportPeriod('month', '2026-12')!.closesAt).toBe('2026-12-31T16:00:00.000Z');
    expect(shiftPeriod('month', '2026-12', 1)).toBe('2027-01');
    expect(shiftPeriod('month', '2027-01', -1)).toBe('2026-12');
  });

  it('a week runs Monday to Sunday and closes at 00:00 on the next Monday in the county', () => {
    const w = reportPeriod('week', '2026-W48')!;
    expect(w).toMatchObject({ from: '2026-11-23', to: '2026-11-29', closesAt: '2026-11-29T16:00:00.000Z' });
    expect(isPeriodClosed(w, new Date('2026-11-29T15:59:59.000Z'))).toBe(false);
    expect(isPeriodClosed(w, new Date('2026-11-29T16:00:00.000Z'))).toBe(true);
  });

  it('last closed period follows the county date, not UTC', () => {
    // 1 December 00:30 in the county is still 30 November in UTC
    const now = new Date('2026-11-30T16:30:00.000Z');
    expect(lastClosedPeriod('month', now)).toBe('2026-11');
    expect(lastClosedPeriod('month', new Date('2026-11-30T15:30:00.000Z'))).toBe('2026-10');
    expect(lastClosedPeriod('week', new Date('2026-12-03T02:00:00.000Z'))).toBe('2026-W48');
    const recent = recentPeriods('month', now, 3);
    expect(recent.map((r) => [r.period, r.closed])).toEqual([
      ['2026-12', false],
      ['2026-11', true],
      ['2026-10', true],
    ]);
  });

  it('refuses names that are not a month or a week, naming the field', () => {
    for (const [kind, period] of [
      ['month', '2026-13'],
      ['month', '2026-1'],
      ['month', '2026-W48'],
      ['week', '2026-W54'],
      ['week', '2026-11'],
      ['week', '2025-W53'],
    ] as const) {
      expect(reportPeriod(kind, period)).toBeNull();
      const parsed = ZReportParams.safeParse({ kind, period });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual(['period']);
    }
    expect(reportPeriod('week', '2027-W53')).toBeNull();
    expect(reportPeriod('week', '2026-W53')).not.toBeNull(); // 2026 begins on a Thursday: 53 ISO weeks
  });

  it('labels and titles say the period as people do', () => {
    expect(periodLabel('month', '2026-11')).toBe('2026年11月');
    expect(periodLabel('week', '2026-W48')).toBe('2026年第48周（11月23日—11月29日）');
    expect(reportTitle('month', '2026-11', '东园社区')).toBe('东园社区2026年11月工作月报');
    expect(reportTitle('week', '2026-W48', '东园社区')).toBe('东园社区2026年第48周工作周报');
  });
});

describe('the summary text', () => {
  it('says each section from the figures, seniors with their share, and names the busiest and the idle community', () => {
    const text = reportSummary('month', '2026-11', figures()).join('\n');
    expect(text).toContain('2026年11月，全县共举办活动12场（另取消1场），以文体7场、健康5场为主；签到200人次。');
    expect(text).toContain('居民共90人，其中60岁及以上65人（占72%），80岁及以上10人。');
    expect(text).toContain('居民提出需求8项，回应6项；9名志愿者服务42.5小时。');
    expect(text).toContain('便民服务：理发6场、服务100人次。'); // one line per service name, the communities' summed
    expect(text).toContain(
      '发放积分3000分，兑换1200分；收到捐赠4笔，感谢2位捐赠方（红星超市、李记面馆等）；3家商户参与，贡献11次。',
    );
    expect(text).toContain('东园社区举办活动最多（8场，签到150人次）；南园社区本期没有举办活动，请关注。');
  });

  it("a community's report speaks of the community and compares nothing; empty sections are left out", () => {
    const quiet = figures(
      {
        activities: { held: 0, cancelled: 0, byCategory: [] },
        participation: { checkins: 0, distinctResidents: 0, byAgeBand: [] },
        needs: { raised: 0, answered: 0 },
        volunteerHours: { hours: 0, volunteers: 0 },
        points: { issued: 0, redeemed: 0 },
        donations: { donations: 0, donors: [] },
        services: [],
        merchants: { participating: 0, contributions: 0 },
        byCommunity: [],
      },
      7,
    );
    expect(reportSummary('week', '2026-W48', quiet)).toEqual(['2026年第48周，东园社区没有举办活动。']);
  });

  it('key figures name what a regeneration compares', () => {
    expect(keyFigures(figures())).toEqual({
      活动: 12,
      签到: 200,
      居民: 90,
      志愿时长: 42.5,
      发放积分: 3000,
      兑换积分: 1200,
    });
  });
});

describe('chart options', () => {
  it('the county draws categories, ages, communities and services; pure JSON, animation off', () => {
    const charts = reportCharts(figures());
    expect(charts.map((c) => c.id)).toEqual(['categories', 'ages', 'communities', 'services']);
    for (const c of charts) {
      expect(c.option.animation).toBe(false);
      expect(JSON.parse(JSON.stringify(c.option))).toEqual(JSON.parse(JSON.stringify(c.option)));
    }
    const categories = charts[0]!.option as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(categories.xAxis.data).toEqual(['文体', '健康']);
    expect(categories.series.map((s) => s.data)).toEqual([
      [7, 5],
      [140, 60],
    ]);
    const ages = charts[1]!.option as { xAxis: { data: string[] } };
    expect(ages.xAxis.data).toEqual(['60岁以下', '60—69岁', '70—79岁', '80岁及以上', '未登记年龄']);
    expect(chartSize(charts[2]!)).toEqual({ width: 640, height: 220 });
    expect((charts[3]!.option as { xAxis: { data: string[] } }).xAxis.data).toEqual(['理发']);
  });

  it('a county of many communities compares its 20 busiest, and the title says so', () => {
    const many = figures({
      byCommunity: Array.from({ length: 300 }, (_, i) => ({
        communityId: i + 1,
        name: `第${i + 1}社区`,
        activitiesHeld: i % 50,
        checkins: i,
        distinctResidents: 0,
        volunteerHours: 0,
        pointsIssued: 0,
      })),
    });
    const chart = reportCharts(many).find((c) => c.id === 'communities')!;
    const names = (chart.option.yAxis as { data: string[] }).data;
    expect(names).toHaveLength(20);
    expect(names[0]).toBe('第300社区'); // 49 activities, the most check-ins among those with 49
    expect(chart.title).toBe('各社区活动与签到（活动最多的20个）');
    expect(chartSize(chart).height).toBe(60 + 20 * 28);
    expect(reportSummary('month', '2026-11', many).at(-1)).toContain('等6个社区本期没有举办活动');
  });

  it('lays the category bars down when their names would not fit side by side', () => {
    const names = ['书画交流', '邻里共舞', '健康讲座', '环保排查', '反诈直播', '艾灸培训', '手工编织', '法律咨询'];
    const byCategory = names.map((category) => ({
      category,
      held: 1,
      participants: 5,
    }));
    const few = reportCharts(
      figures({ activities: { held: 4, cancelled: 0, byCategory: byCategory.slice(0, 4) } }),
    )[0]!;
    expect((few.option.xAxis as { type: string }).type).toBe('category');
    expect(chartSize(few).height).toBe(260);
    const many = reportCharts(figures({ activities: { held: 8, cancelled: 0, byCategory } }))[0]!;
    expect((many.option.yAxis as { type: string; data: string[] }).data).toEqual(names);
    expect(chartSize(many).height).toBe(60 + 8 * 28); // a row per category
  });

  it('a county month with no activity anywhere names no busiest community', () => {
    const quietCounty = figures({
      activities: { held: 0, cancelled: 0, byCategory: [] },
      byCommunity: [1, 2].map((i) => ({
        communityId: i,
        name: `第${i}社区`,
        activitiesHeld: 0,
        checkins: 0,
        distinctResidents: 0,
        volunteerHours: 0,
        pointsIssued: 0,
      })),
    });
    const text = reportSummary('month', '2026-11', quietCounty).join('');
    expect(text).toContain('全县没有举办活动');
    expect(text).not.toContain('举办活动最多');
  });

  it("a community's report has no comparison, and a quiet period draws nothing it cannot fill", () => {
    const community = reportCharts(figures({}, 7));
    expect(community.map((c) => c.id)).toEqual(['categories', 'ages', 'services']);
    const quiet = figures({
      activities: { held: 0, cancelled: 0, byCategory: [] },
      participation: { checkins: 0, distinctResidents: 0, byAgeBand: [] },
      services: [],
      byCommunity: [],
    });
    expect(reportCharts(quiet)).toEqual([]);
  });
});
