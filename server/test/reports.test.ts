import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TReport } from '@zhongli/domain';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import { onPostgres, raceControl } from './support/database.js';
import { buildActivity, buildCenterAdmin, buildCommunity, buildStaff } from './support/factories.js';
import { naiveStoreSnapshot } from './support/naive-reports.js';
import { reportArticle } from '../src/modules/reports/reports.article.js';

// "Now" is 3 December 2026, 10:00 in the county: November is closed, December is still running.
const NOW = '2026-12-03T02:00:00.000Z';

let t: TestApp;
let center: string;
let eastStaff: string;
let east: { id: number };
let west: { id: number };
beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  center = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
  east = await buildCommunity(t.deps, '东园社区');
  west = await buildCommunity(t.deps, '西园社区');
  eastStaff = await signIn(t.app, (await buildStaff(t.deps, east.id)).phone);
});
afterAll(() => t.close());

const as = (cookie: string, method: 'GET' | 'POST', url: string): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url, headers: { cookie } });

async function report(cookie: string, url: string): Promise<TReport> {
  const response = await as(cookie, 'GET', url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TReport;
}

const held = (r: TReport) => r.figures.activities.held;
const snapshots = async () =>
  t.db
    .selectFrom('report_snapshots')
    .select(['kind', 'period_start', 'community_id', 'figures', 'generated_at'])
    .orderBy('id')
    .execute();
const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A published activity in the east community, on a county day, at 09:00 county time. */
const activityOn = (day: string, communityId = east.id, category = '文体活动') =>
  buildActivity(t.deps, { communityId, category, startsAt: `${day}T01:00:00.000Z` });

describe('a closed month is frozen the first time it is produced', () => {
  it('stores the figures once, and later looks read them whatever changed in the data since', async () => {
    await activityOn('2026-11-05');
    await activityOn('2026-11-20');
    // the last evening of November in the county (23:30 on the 30th = 15:30 UTC) counts in November
    await buildActivity(t.deps, { communityId: east.id, startsAt: '2026-11-30T15:30:00.000Z' });
    // 00:30 on 1 December in the county is 30 November in UTC: December's
    await buildActivity(t.deps, { communityId: east.id, startsAt: '2026-11-30T16:30:00.000Z' });

    const first = await report(eastStaff, `/api/reports/month/2026-11?communityId=${east.id}`);
    expect(first).toMatchObject({ state: 'frozen', from: '2026-11-01', to: '2026-11-30', label: '2026年11月' });
    expect(held(first)).toBe(3);
    expect(first.generatedAt).toBe(NOW);
    expect(first.generatedBy).toMatch(/社区工作人员/);
    expect(first.summary[0]).toContain('共举办活动3场');
    const stored = await snapshots();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'month', community_id: east.id });

    // data changes after the month closed: an activity added to November, a later look
    await activityOn('2026-11-11');
    t.clock.set('2026-12-20T02:00:00.000Z');
    const later = await report(center, `/api/reports/month/2026-11?communityId=${east.id}`);
    expect(held(later)).toBe(3);
    expect(later.figures).toEqual(first.figures);
    expect(later.generatedAt).toBe(NOW);
    expect(await snapshots()).toEqual(stored);
    t.clock.set(NOW);
  });

  it('a period still running is counted live (统计中), moves with the data and is never stored', async () => {
    const before = await snapshots();
    const url = `/api/reports/month/2026-12?communityId=${east.id}`;
    const live = await report(eastStaff, url);
    expect(live).toMatchObject({ state: 'live', generatedAt: null, generatedBy: null });
    await activityOn('2026-12-02');
    expect(held(await report(eastStaff, url))).toBe(held(live) + 1);
    const week = await report(eastStaff, `/api/reports/week/2026-W49?communityId=${east.id}`);
    expect(week.state).toBe('live');
    expect(await snapshots()).toEqual(before);
  });

  it('a closed week is frozen under its own key, beside the month', async () => {
    const w = await report(eastStaff, `/api/reports/week/2026-W47?communityId=${east.id}`);
    expect(w).toMatchObject({ state: 'frozen', from: '2026-11-16', to: '2026-11-22' });
    expect(held(w)).toBe(1); // the 20th
    expect((await snapshots()).filter((s) => s.kind === 'week')).toHaveLength(1);
  });
});

describe('重新生成', () => {
  it('counts the closed period again on request, audited with the old and the new key figures', async () => {
    const url = `/api/reports/month/2026-11?communityId=${east.id}`;
    const before = await report(center, url);
    const response = await as(eastStaff, 'POST', `${url.replace('?', '/regenerate?')}`);
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json() as TReport;
    expect(held(after)).toBe(held(before) + 1);
    expect(after.state).toBe('frozen');
    // the next look reads the regenerated snapshot
    expect(held(await report(center, url))).toBe(held(after));
    const entry = await t.db
      .selectFrom('audit_log')
      .select(['action', 'summary', 'community_id', 'target_id'])
      .where('action', '=', 'report.regenerated')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ community_id: east.id, target_id: `month:2026-11:${east.id}` });
    expect(entry.summary).toContain(`活动 ${held(before)}→${held(after)}`);
    expect(entry.summary).toContain('2026年11月工作月报');
  });

  it('refuses a period not yet closed, and anyone outside the scope, writing nothing', async () => {
    const before = { snapshots: await snapshots(), audit: await auditCount() };
    const open = await as(center, 'POST', `/api/reports/month/2026-12/regenerate?communityId=${east.id}`);
    expect(open.statusCode).toBe(409);
    expect(errorCode(open)).toBe('REPORT_PERIOD_OPEN');
    for (const url of [
      `/api/reports/month/2026-11/regenerate`, // the county's is the center's
      `/api/reports/month/2026-11/regenerate?communityId=${west.id}`, // another community's
    ]) {
      const refused = await as(eastStaff, 'POST', url);
      expect(refused.statusCode, url).toBe(403);
    }
    expect(await snapshots()).toEqual(before.snapshots);
    expect(await auditCount()).toBe(before.audit);
  });
});

describe('scope and input', () => {
  it("community staff see their own community's reports only; the county is the center's", async () => {
    expect((await as(eastStaff, 'GET', '/api/reports/month/2026-11')).statusCode).toBe(403);
    expect((await as(eastStaff, 'GET', `/api/reports/month/2026-11?communityId=${west.id}`)).statusCode).toBe(403);
    const county = await report(center, '/api/reports/month/2026-11');
    expect(county.communityId).toBeNull();
    expect(county.state).toBe('frozen');
    expect((await as(center, 'GET', '/api/reports/month/2026-11?communityId=999999')).statusCode).toBe(404);
  });

  it('a period that is not a month or a week is a 400 naming the field, and stores nothing', async () => {
    const before = await snapshots();
    // …nor one that has not begun (the clock says 3 December 2026)
    for (const url of [
      '/api/reports/month/2026-13',
      '/api/reports/week/2026-W60',
      '/api/reports/month/2026-W48',
      '/api/reports/month/2030-01',
      '/api/reports/week/2026-W50',
    ]) {
      const response = await as(center, 'GET', url);
      expect(response.statusCode, url).toBe(400);
      expect(errorCode(response)).toBe('VALIDATION_FAILED');
      expect(errorFields(response)).toContain('period');
    }
    expect((await as(center, 'GET', '/api/reports/year/2026')).statusCode).toBe(400);
    expect(await snapshots()).toEqual(before);
  });
});

describe('two first looks at once', () => {
  it('store one snapshot and both read the same figures', async () => {
    const c = await buildCommunity(t.deps, '并发社区');
    await activityOn('2026-10-08', c.id);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => as(center, 'GET', `/api/reports/month/2026-10?communityId=${c.id}`)),
    );
    for (const a of answers) expect(a.statusCode, a.body).toBe(200);
    const generated = new Set(answers.map((a) => (a.json() as TReport).generatedAt));
    expect(generated.size).toBe(1);
    const rows = await t.db.selectFrom('report_snapshots').select('id').where('community_id', '=', c.id).execute();
    expect(rows).toHaveLength(1);
  });

  it(
    raceControl(
      'check-then-insert: several concurrent checks find no snapshot, only the unique key keeps one row (the rest would fail)',
      'check-then-insert: one check finds no snapshot',
    ),
    async () => {
      const c = await buildCommunity(t.deps, '对照社区');
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () =>
          naiveStoreSnapshot(t.deps, { kind: 'month', periodStart: '2026-10-01', communityId: c.id }),
        ),
      );
      const checkedAbsent = outcomes.filter((o) => o.checkedAbsent).length;
      if (onPostgres) {
        expect(checkedAbsent).toBeGreaterThan(1);
        expect(outcomes.some((o) => o.failed)).toBe(true);
      } else expect(checkedAbsent).toBe(1);
      const rows = await t.db.selectFrom('report_snapshots').select('id').where('community_id', '=', c.id).execute();
      expect(rows).toHaveLength(1);
    },
  );
});

/** Tags open and close in order, attributes quoted, no bare '&': enough to say an SVG is well-formed XML. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  const body = xml.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(body)) return false;
  for (const [, close, name, attrs, selfClose] of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>/g)) {
    if (/=\s*[^"'\s]/.test(attrs!)) return false;
    if (close) {
      if (stack.pop() !== name) return false;
    } else if (!selfClose) stack.push(name!);
  }
  return stack.length === 0 && /^\s*<svg[\s>]/.test(body);
}

describe('outputs from the same snapshot', () => {
  it('charts are server-rendered SVG, well-formed, with the chart texts; a chart the figures do not draw is a 404', async () => {
    await activityOn('2026-11-09', east.id, '书画&<课>');
    const url = `/api/reports/month/2026-11/charts/categories?communityId=${east.id}`;
    const response = await as(eastStaff, 'GET', url);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(wellFormed(response.body)).toBe(true);
    expect(wellFormed('<svg><g></svg>')).toBe(false); // the check can fail
    expect(response.body).toContain('文体活动');
    // the category added after the snapshot is not in the frozen chart
    expect(response.body).not.toContain('书画');
    expect((await as(eastStaff, 'GET', url.replace('categories', 'communities'))).statusCode).toBe(404);
  });

  it('the workbook opens in exceljs: one sheet per section, Chinese headers, widths, the header row frozen', async () => {
    const response = await as(center, 'GET', '/api/reports/month/2026-11/workbook');
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain('report-month-2026-11-county.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '活动分类', '年龄段', '便民服务', '捐赠方', '各社区']);
    const summary = book.getWorksheet('概况')!;
    expect(summary.getRow(1).values).toEqual([undefined, '项目', '数值']);
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(summary.getColumn(2).width).toBe(60);
    expect(summary.getCell('B5').value).toBe('2026-12-03 10:00'); // generated at, county time
    expect(book.getWorksheet('活动分类')!.getRow(1).values).toEqual([undefined, '活动类别', '举办场次', '参与人次']);
    expect(book.getWorksheet('各社区')!.getRow(1).values).toContain('志愿服务（小时）');
    // a community's workbook has no comparison sheet
    const own = await as(eastStaff, 'GET', `/api/reports/month/2026-11/workbook?communityId=${east.id}`);
    const ownBook = new ExcelJS.Workbook();
    await ownBook.xlsx.load(own.rawPayload as unknown as ArrayBuffer);
    expect(ownBook.worksheets.map((w) => w.name)).not.toContain('各社区');
  });

  it('the article keeps the WeChat rules: inline styles only, escaped text, ≤ 677 px, < 20,000 characters, title ≤ 32', async () => {
    const c = await buildCommunity(t.deps, '<b>新</b>&社区');
    await activityOn('2026-11-10', c.id, '<script>x</script>');
    const response = await as(center, 'GET', `/api/reports/month/2026-11/article?communityId=${c.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const { title, html } = response.json() as { title: string; html: string };
    expect(Array.from(title).length).toBeLessThanOrEqual(32);
    expect(html.length).toBeLessThan(20_000);
    expect(html).not.toMatch(/<(style|script|svg|img)\b/i);
    expect(html).not.toMatch(/\s(class|id)=/);
    expect(html).not.toMatch(/var\(--|url\(#|position:/);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    for (const width of html.matchAll(/(?:max-)?width:(\d+)px/g)) expect(Number(width[1])).toBeLessThanOrEqual(677);
    // the county's article compares the communities with bars made of styled spans
    const county = (await as(center, 'GET', '/api/reports/month/2026-11/article')).json() as { html: string };
    expect(county.html).toMatch(/<span style="display:inline-block;height:12px;[^"]*width:\d+%;"><\/span>/);
  });

  it('a county of 300 communities and 120 donors still makes an article under 20,000 characters, every section kept', () => {
    const figures: TReport['figures'] = {
      period: { from: '2026-11-01', to: '2026-11-30', communityId: null, scopeName: '测试县社区服务中心' },
      activities: {
        held: 900,
        cancelled: 3,
        byCategory: Array.from({ length: 8 }, (_, i) => ({ category: `类别${i}`, held: 100 + i, participants: 2000 })),
      },
      participation: { checkins: 20000, distinctResidents: 9000, byAgeBand: [{ band: '80+', residents: 1000 }] },
      needs: { raised: 300, answered: 250 },
      volunteerHours: { hours: 5000.5, volunteers: 700 },
      points: { issued: 900000, redeemed: 300000 },
      donations: {
        donations: 400,
        // the first donor a business, the second a private person (the article names businesses in full
        // and masks people, as every public page does)
        donors: Array.from({ length: 120 }, (_, i) => ({
          name: i === 1 ? '王秀英' : `捐赠方<${i}>`,
          donations: 120 - i,
          merchant: i !== 1,
        })),
      },
      services: Array.from({ length: 600 }, (_, i) => ({
        serviceId: i,
        serviceName: i % 2 ? '理发' : '问诊',
        sessions: 4,
        served: 80,
        noShow: 3,
      })),
      merchants: { participating: 200, contributions: 900 },
      byCommunity: Array.from({ length: 300 }, (_, i) => ({
        communityId: i + 1,
        name: `第${i + 1}社区`,
        activitiesHeld: i % 40,
        checkins: i,
        distinctResidents: i,
        volunteerHours: 1,
        pointsIssued: 10,
      })),
    };
    const period = { kind: 'month' as const, period: '2026-11', from: '2026-11-01', to: '2026-11-30', closesAt: '' };
    const article = reportArticle({
      period,
      communityId: null,
      figures,
      state: 'frozen',
      generatedAt: NOW,
      generatedBy: null,
    });
    expect(article.html.length).toBeLessThan(20_000);
    expect(article.truncated).toBe(false);
    for (const section of ['主要数据', '各类活动场次', '参与居民年龄段', '便民服务', '感谢捐赠', '活动最多的10个社区'])
      expect(article.html).toContain(section);
    expect(article.html).toContain('另有290个社区未列出');
    expect(article.html).toContain('以及另外90位捐赠方');
    expect(article.html).toContain('捐赠方&lt;0&gt;（120笔）');
    expect(article.html).toContain('王*英（119笔）');
    expect(article.html).not.toContain('王秀英');
    expect(article.html.match(/>理发<\/td>/g)).toHaveLength(1); // the services summed by name, one row
  });
});
