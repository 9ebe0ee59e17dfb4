import { publicDonorName, type TAgeBand, type TPeriodFigures } from '../stats/stats.contract.js';
import { periodLabel, type ReportKind } from './periods.js';

export const AGE_BAND_LABELS: Record<TAgeBand, string> = {
  under60: '60岁以下',
  '60-69': '60—69岁',
  '70-79': '70—79岁',
  '80+': '80岁及以上',
  unknown: '未登记年龄',
};

/** '社区名2026年11月工作月报' — the scope's name comes from the data (the community's, or the center's for the county). */
export function reportTitle(kind: ReportKind, period: string, scopeName: string): string {
  return `${scopeName}${periodLabel(kind, period).replace(/（.*）$/, '')}${kind === 'month' ? '工作月报' : '工作周报'}`;
}

const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—');
const list = (items: string[]) => items.join('、');

/**
 * The report's short text, in Chinese, from the figures only: a paragraph per section, leaving out
 * a section where nothing happened rather than writing 0 into a sentence.
 */
export function reportSummary(kind: ReportKind, period: string, f: TPeriodFigures): string[] {
  const when = periodLabel(kind, period).replace(/（.*）$/, '');
  const scope = f.period.communityId === null ? '全县' : f.period.scopeName;
  const lines: string[] = [];

  const a = f.activities;
  if (a.held === 0) lines.push(`${when}，${scope}没有举办活动${a.cancelled ? `（取消${a.cancelled}场）` : ''}。`);
  else {
    const top = [...a.byCategory].sort((x, y) => y.held - x.held).slice(0, 3);
    lines.push(
      `${when}，${scope}共举办活动${a.held}场${a.cancelled ? `（另取消${a.cancelled}场）` : ''}` +
        (top.length ? `，以${list(top.map((c) => `${c.category}${c.held}场`))}为主` : '') +
        `；签到${f.participation.checkins}人次。`,
    );
  }

  const p = f.participation;
  if (p.distinctResidents > 0) {
    const seniors = p.byAgeBand
      .filter((b) => b.band === '60-69' || b.band === '70-79' || b.band === '80+')
      .reduce((sum, b) => sum + b.residents, 0);
    const eighty = p.byAgeBand.find((b) => b.band === '80+')?.residents ?? 0;
    lines.push(
      `参加活动或接受服务的居民共${p.distinctResidents}人，其中60岁及以上${seniors}人（占${pct(seniors, p.distinctResidents)}）` +
        `${eighty ? `，80岁及以上${eighty}人` : ''}。`,
    );
  }

  const parts: string[] = [];
  if (f.needs.raised || f.needs.answered) parts.push(`居民提出需求${f.needs.raised}项，回应${f.needs.answered}项`);
  if (f.volunteerHours.hours > 0)
    parts.push(`${f.volunteerHours.volunteers}名志愿者服务${f.volunteerHours.hours.toFixed(1)}小时`);
  if (parts.length) lines.push(`${parts.join('；')}。`);

  const served = serviceTotals(f).filter((s) => s.served > 0);
  if (served.length)
    lines.push(`便民服务：${list(served.map((s) => `${s.serviceName}${s.sessions}场、服务${s.served}人次`))}。`);

  const money: string[] = [];
  if (f.points.issued || f.points.redeemed) money.push(`发放积分${f.points.issued}分，兑换${f.points.redeemed}分`);
  if (f.donations.donations)
    money.push(
      `收到捐赠${f.donations.donations}笔，感谢${f.donations.donors.length}位捐赠方` +
        (f.donations.donors.length ? `（${list(f.donations.donors.slice(0, 3).map(publicDonorName))}等）` : ''),
    );
  if (f.merchants.participating)
    money.push(`${f.merchants.participating}家商户参与，贡献${f.merchants.contributions}次`);
  if (money.length) lines.push(`${money.join('；')}。`);

  // comparing communities says something only when at least one held an activity (the first line
  // already says that none did)
  if (f.period.communityId === null && f.byCommunity.length > 1 && f.activities.held > 0) {
    const most = comparedCommunities(f).shown[0]!;
    const none = f.byCommunity.filter((c) => c.activitiesHeld === 0);
    const named =
      none.length > 5
        ? `${list(none.slice(0, 5).map((c) => c.name))}等${none.length}个社区`
        : list(none.map((c) => c.name));
    lines.push(
      `各社区中，${most.name}举办活动最多（${most.activitiesHeld}场，签到${most.checkins}人次）` +
        (none.length ? `；${named}本期没有举办活动，请关注` : '') +
        '。',
    );
  }
  return lines;
}

/**
 * Services delivered, one line per service name: the county has a service of the same name in each
 * community (each its own id), and a report speaks of 理发 once, not once per community.
 */
export function serviceTotals(
  f: TPeriodFigures,
): { serviceName: string; sessions: number; served: number; noShow: number }[] {
  const byName = new Map<string, { serviceName: string; sessions: number; served: number; noShow: number }>();
  for (const s of f.services) {
    const total = byName.get(s.serviceName) ?? { serviceName: s.serviceName, sessions: 0, served: 0, noShow: 0 };
    total.sessions += s.sessions;
    total.served += s.served;
    total.noShow += s.noShow;
    byName.set(s.serviceName, total);
  }
  return [...byName.values()];
}

/** How many communities a chart or an article compares at most: a county of 300 is shown by its busiest. */
export const COMPARED_COMMUNITIES = 20;

/** The communities to compare, busiest first (activities, then check-ins), at most `COMPARED_COMMUNITIES`. */
export function comparedCommunities(f: TPeriodFigures): { shown: TPeriodFigures['byCommunity']; omitted: number } {
  const sorted = [...f.byCommunity].sort((x, y) => y.activitiesHeld - x.activitiesHeld || y.checkins - x.checkins);
  return { shown: sorted.slice(0, COMPARED_COMMUNITIES), omitted: Math.max(0, sorted.length - COMPARED_COMMUNITIES) };
}

/** The figures a regeneration compares (and the audit entry records), old against new. */
export function keyFigures(f: TPeriodFigures): Record<string, number> {
  return {
    活动: f.activities.held,
    签到: f.participation.checkins,
    居民: f.participation.distinctResidents,
    志愿时长: f.volunteerHours.hours,
    发放积分: f.points.issued,
    兑换积分: f.points.redeemed,
  };
}
