import { weekMonday } from '@zhongli/domain';

/**
 * The WeChat official-account article (公众号推文) for a published week. The editor keeps only
 * inline styles, so the HTML uses `style=""` and nothing else: no <style>, <script>, classes,
 * ids, CSS variables or positioned offsets; tables sit inside an overflow section; nothing is
 * wider than 677 px; the whole is under 20,000 characters; every piece of user text is escaped.
 */
export const ARTICLE_MAX_WIDTH = 677;
export const ARTICLE_MAX_CHARS = 20_000;
export const ARTICLE_MAX_TITLE = 32;

export interface ArticleActivity {
  title: string;
  category: string;
  venue: string | null;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  points: number | null;
  partners: string[];
  answersNeeds: boolean;
  status: 'published' | 'cancelled';
  changed: boolean;
}

export interface ArticleInput {
  centerName: string;
  week: string;
  menuUrl: string;
  communities: { name: string; activities: ArticleActivity[] }[];
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
function local(instant: string) {
  return new Date(Date.parse(instant) + 8 * 3_600_000);
}
function dayLabel(instant: string): string {
  const d = local(instant);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${WEEKDAYS[d.getUTCDay()]}`;
}
function time(instant: string): string {
  const d = local(instant);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** Cuts a string to at most `max` characters (counting astral characters like emoji as one). */
export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

export function articleTitle(week: string): string {
  const monday = Date.parse(`${weekMonday(week)}T00:00:00Z`);
  const sunday = new Date(monday + 6 * 86_400_000);
  const m = new Date(monday);
  return cut(
    `下周活动预告｜${m.getUTCMonth() + 1}月${m.getUTCDate()}日—${sunday.getUTCMonth() + 1}月${sunday.getUTCDate()}日`,
    ARTICLE_MAX_TITLE,
  );
}

const S = {
  wrap: 'max-width:677px;margin:0 auto;padding:0 8px;box-sizing:border-box;font-size:16px;line-height:1.75;color:#222222;',
  lead: 'margin:12px 0;font-size:15px;color:#555555;',
  community:
    'margin:20px 0 8px;padding:6px 12px;background-color:#b71c1c;color:#ffffff;font-size:17px;font-weight:bold;border-radius:4px;',
  scroll: 'overflow-x:auto;max-width:100%;',
  table: 'width:100%;max-width:661px;border-collapse:collapse;font-size:14px;line-height:1.5;',
  th: 'border:1px solid #dddddd;background-color:#f7ecec;padding:6px;text-align:left;white-space:nowrap;',
  td: 'border:1px solid #dddddd;padding:6px;vertical-align:top;',
  tag: 'display:inline-block;margin-left:4px;padding:0 4px;border:1px solid #2e7d32;color:#2e7d32;font-size:12px;border-radius:3px;',
  cancelled: 'color:#999999;text-decoration:line-through;',
  warn: 'color:#b71c1c;font-weight:bold;',
  foot: 'margin:20px 0;padding:12px;background-color:#f5f5f5;font-size:14px;color:#555555;border-radius:4px;',
};

function row(a: ArticleActivity): string {
  const name = `${escapeHtml(a.title)}${a.answersNeeds ? `<span style="${S.tag}">应居民需求</span>` : ''}`;
  const state =
    a.status === 'cancelled'
      ? `<span style="${S.warn}">【已取消】</span>`
      : a.changed
        ? `<span style="${S.warn}">【有变更】</span>`
        : '';
  const detail = [
    escapeHtml(a.category),
    a.venue ? `地点：${escapeHtml(a.venue)}` : '',
    a.capacity ? `名额${a.capacity}人` : '不限名额',
    a.points ? `签到得${a.points}积分` : '',
    a.partners.length ? `合作：${a.partners.map(escapeHtml).join('、')}` : '',
  ].filter(Boolean);
  const textStyle = a.status === 'cancelled' ? S.cancelled : '';
  return `<tr><td style="${S.td}white-space:nowrap;">${dayLabel(a.startsAt)}<br>${time(a.startsAt)}–${time(a.endsAt)}</td><td style="${S.td}"><span style="${textStyle}">${state}${name}</span><br><span style="font-size:13px;color:#666666;">${detail.join(' · ')}</span></td></tr>`;
}

function communityBlock(c: ArticleInput['communities'][number]): string {
  return (
    `<p style="${S.community}">${escapeHtml(c.name)}</p>` +
    `<section style="${S.scroll}"><table style="${S.table}"><thead><tr><th style="${S.th}">时间</th><th style="${S.th}">活动</th></tr></thead><tbody>` +
    c.activities.map(row).join('') +
    '</tbody></table></section>'
  );
}

export function renderArticle(input: ArticleInput): { title: string; html: string; truncated: boolean } {
  const head = `<section style="${S.wrap}"><p style="${S.lead}">${escapeHtml(input.centerName)}每周一个菜单、活动提前预报。下周各社区活动如下，欢迎居民朋友报名参加！</p>`;
  const foot = (more: number) =>
    `<p style="${S.foot}">${more ? `另有${more}项活动未能在此列出。` : ''}报名方式：打开“${escapeHtml(input.centerName)}”居民参与平台，或到社区服务台报名（没有手机的长辈可由工作人员代报名）。完整菜单：${escapeHtml(input.menuUrl)}</p></section>`;
  const blocks: string[] = [];
  let used = head.length + foot(9999).length;
  let omitted = 0;
  for (const community of input.communities) {
    if (!community.activities.length) continue;
    const block = communityBlock(community);
    if (used + block.length > ARTICLE_MAX_CHARS - 200) {
      omitted += community.activities.length;
      continue;
    }
    blocks.push(block);
    used += block.length;
  }
  return { title: articleTitle(input.week), html: head + blocks.join('') + foot(omitted), truncated: omitted > 0 };
}
