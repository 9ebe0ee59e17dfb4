import {
  AGE_BAND_LABELS,
  comparedCommunities,
  publicDonorName,
  reportSummary,
  reportTitle,
  serviceTotals,
} from '@zhongli/domain';
import { ARTICLE_MAX_CHARS, ARTICLE_MAX_TITLE, cut, escapeHtml } from '../menus/index.js';
import type { ReportView } from './reports.service.js';

/**
 * The report as a WeChat official-account article, under the weekly menu article's rules (and with
 * its helpers): inline styles only, escaped text, nothing wider than 677 px, under 20,000 characters,
 * a title of at most 32. The editor strips <svg> and scripts, so bars are styled <span>s in a table.
 */
/** The donors an article thanks by name (most donations first); the rest are thanked together. */
const ARTICLE_DONORS = 30;
/** The communities a county article compares, busiest first. */
const ARTICLE_COMMUNITIES = 10;

const S = {
  wrap: 'max-width:677px;margin:0 auto;padding:0 8px;box-sizing:border-box;font-size:16px;line-height:1.75;color:#222222;',
  p: 'margin:10px 0;',
  h: 'margin:20px 0 8px;padding:6px 12px;background-color:#b71c1c;color:#ffffff;font-size:17px;font-weight:bold;border-radius:4px;',
  scroll: 'overflow-x:auto;max-width:100%;',
  table: 'width:100%;max-width:661px;border-collapse:collapse;font-size:14px;line-height:1.5;',
  th: 'border:1px solid #dddddd;background-color:#f7ecec;padding:6px;text-align:left;white-space:nowrap;',
  td: 'border:1px solid #dddddd;padding:6px;vertical-align:middle;',
  num: 'border:1px solid #dddddd;padding:6px;text-align:right;white-space:nowrap;',
  bar: 'display:inline-block;height:12px;background-color:#ef6c00;border-radius:2px;vertical-align:middle;',
  foot: 'margin:20px 0;padding:12px;background-color:#f5f5f5;font-size:14px;color:#555555;border-radius:4px;',
};

function table(headers: string[], rows: string[][]): string {
  return (
    `<section style="${S.scroll}"><table style="${S.table}"><thead><tr>` +
    headers.map((h) => `<th style="${S.th}">${escapeHtml(h)}</th>`).join('') +
    '</tr></thead><tbody>' +
    rows.map((r) => `<tr>${r.join('')}</tr>`).join('') +
    '</tbody></table></section>'
  );
}

const cell = (text: string | number) => `<td style="${S.td}">${escapeHtml(String(text))}</td>`;
const num = (value: number) => `<td style="${S.num}">${value}</td>`;

/** A row with a bar as long as the value's share of the largest one. */
function barRows(items: { name: string; value: number }[]): string[][] {
  const max = Math.max(1, ...items.map((i) => i.value));
  return items.map((i) => [
    cell(i.name),
    `<td style="${S.td}width:60%;"><span style="${S.bar}width:${Math.max(1, Math.round((i.value / max) * 100))}%;"></span></td>`,
    num(i.value),
  ]);
}

export function reportArticle(view: ReportView): { title: string; html: string; truncated: boolean } {
  const { period: p, figures: f } = view;
  const title = cut(reportTitle(p.kind, p.period, f.period.scopeName), ARTICLE_MAX_TITLE);
  const head =
    `<section style="${S.wrap}">` +
    reportSummary(p.kind, p.period, f)
      .map((line) => `<p style="${S.p}">${escapeHtml(line)}</p>`)
      .join('');
  const blocks: string[] = [];
  blocks.push(
    `<p style="${S.h}">主要数据</p>` +
      table(
        ['项目', '数值'],
        [
          ['举办活动（场）', f.activities.held],
          ['活动签到（人次）', f.participation.checkins],
          ['参与居民（人）', f.participation.distinctResidents],
          ['回应居民需求（项）', f.needs.answered],
          ['志愿服务（小时）', f.volunteerHours.hours],
          ['发放积分（分）', f.points.issued],
          ['兑换积分（分）', f.points.redeemed],
          ['参与商户（家）', f.merchants.participating],
        ].map(([name, value]) => [cell(name!), num(Number(value))]),
      ),
  );
  if (f.activities.byCategory.length)
    blocks.push(
      `<p style="${S.h}">各类活动场次</p>` +
        table(['类别', '', '场次'], barRows(f.activities.byCategory.map((c) => ({ name: c.category, value: c.held })))),
    );
  if (f.participation.distinctResidents)
    blocks.push(
      `<p style="${S.h}">参与居民年龄段</p>` +
        table(
          ['年龄段', '', '人数'],
          barRows(f.participation.byAgeBand.map((b) => ({ name: AGE_BAND_LABELS[b.band], value: b.residents }))),
        ),
    );
  const services = serviceTotals(f);
  if (services.length)
    blocks.push(
      `<p style="${S.h}">便民服务</p>` +
        table(
          ['服务', '场次', '服务人次'],
          services.map((s) => [cell(s.serviceName), num(s.sessions), num(s.served)]),
        ),
    );
  if (f.donations.donors.length) {
    // one paragraph of names, not a table: thanks read as a sentence, and it keeps the article short
    const named = f.donations.donors
      .slice(0, ARTICLE_DONORS)
      .map((d) => `${escapeHtml(publicDonorName(d))}（${d.donations}笔）`)
      .join('、');
    const others = f.donations.donors.length - ARTICLE_DONORS;
    blocks.push(
      `<p style="${S.h}">感谢捐赠</p>` +
        `<p style="${S.p}">${named}${others > 0 ? `，以及另外${others}位捐赠方` : ''}。谢谢你们！</p>`,
    );
  }
  // an article has room for the ten busiest communities (every one is in the workbook)
  const shown = comparedCommunities(f).shown.slice(0, ARTICLE_COMMUNITIES);
  const omitted = f.byCommunity.length - shown.length;
  if (view.communityId === null && shown.length)
    blocks.push(
      `<p style="${S.h}">${omitted ? `活动最多的${shown.length}个社区` : '各社区活动场次'}</p>` +
        table(['社区', '', '场次'], barRows(shown.map((c) => ({ name: c.name, value: c.activitiesHeld })))) +
        (omitted ? `<p style="${S.p}font-size:14px;color:#555555;">另有${omitted}个社区未列出。</p>` : ''),
    );
  const foot = (omitted: boolean) =>
    `<p style="${S.foot}">${omitted ? '部分明细未能在此列出，请查看完整报表。' : ''}数据来源：${escapeHtml(f.period.scopeName)}居民参与平台，统计期间 ${p.from} 至 ${p.to}。</p></section>`;
  let used = head.length + foot(true).length;
  let truncated = false;
  const kept: string[] = [];
  for (const block of blocks) {
    if (used + block.length > ARTICLE_MAX_CHARS - 200) {
      truncated = true;
      continue;
    }
    kept.push(block);
    used += block.length;
  }
  return { title, html: head + kept.join('') + foot(truncated), truncated };
}
