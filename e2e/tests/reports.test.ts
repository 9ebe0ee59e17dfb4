import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshotsCopiedTo } from '../support/browser.js';
import { signIn } from '../support/journey.js';
import { overflowOf } from '../support/overflow.js';

/**
 * 月报 on the demo county: the center opens last month's county report from the console menu (a
 * closed month: frozen, with its charts), opens the A4 print view (the charts are the server's SVG)
 * and prints it to PDF, and downloads the workbook; on a phone (390 px) the page fits.
 */
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SHOTS = process.env.REPORTS_SHOTS_DIR;
const shot = screenshotsCopiedTo(SHOTS);

/** The PDF's /Title, as Chromium writes it: a literal string or UTF-16BE hex. */
function pdfTitle(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const hex = /\/Title\s*<FEFF([0-9A-Fa-f]*)>/.exec(text)?.[1];
  if (hex) return Buffer.from(hex, 'hex').swap16().toString('utf16le');
  const literal = /\/Title\s*\(((?:\\.|[^\\)])*)\)/.exec(text)?.[1] ?? '';
  if (literal.startsWith('\u00fe\u00ff'))
    return Buffer.from(literal.slice(2).replace(/\\(.)/g, '$1'), 'latin1').swap16().toString('utf16le');
  return literal;
}

describe('reports journey', () => {
  it("opens last month's county report, prints it to PDF, downloads the workbook; fits a phone", async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const admin = await desk.newPage();
    await signIn(admin, '/console/login', '13800000000', /\/console$/);

    // from the console menu. The landing (数据看板) sits in the same 统计 group, so the group may open by
    // itself as the menu renders: decide only once the menu is there, and open the group only if shut
    // (clicking its title while it opens would close it again under the click).
    const group = admin.getByTestId('menu-group-stats');
    await group.waitFor();
    const entry = admin.locator('[data-path="/console/reports"]');
    if (!(await entry.isVisible())) {
      await group.locator('.el-sub-menu__title').click();
      await entry.waitFor({ state: 'visible' });
    }
    await entry.click();
    await admin.waitForURL(/\/console\/reports/);
    // last month has ended: its report is frozen (已固定), not 统计中
    await admin.locator('[data-testid="report"][data-state="frozen"]').waitFor();
    const title = (await admin.getByTestId('report-title').innerText()).trim();
    expect(title).toMatch(/^.+\d{4}年\d{1,2}月工作月报$/);
    expect(await admin.getByTestId('report-summary').innerText()).toContain('全县');
    await admin.getByTestId('report-chart-communities').locator('svg').first().waitFor();
    await shot(admin, 'reports-1-page-desktop');

    // the print view: A4, the server's SVG charts, printed to PDF by Chromium
    await admin.getByTestId('report-print-link').click();
    await admin.waitForURL(/\/console\/reports\/print/);
    // 打印 is enabled once the report and every server-rendered chart have loaded
    await admin.locator('[data-testid="report-sheet"][data-ready="1"]').waitFor();
    const svg = admin.getByTestId('report-svg-communities');
    expect(await svg.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(admin, 'reports-2-print');
    await admin.emulateMedia({ media: 'print' });
    const pdf = await admin.pdf({ preferCSSPageSize: true, printBackground: true });
    await admin.emulateMedia({ media: 'screen' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(4);
    expect(pdfTitle(pdf)).toBe(title);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      writeFileSync(path.join(SHOTS, 'reports-print.pdf'), pdf);
    }

    // the workbook, downloaded from the page
    await admin.getByRole('link', { name: '返回报表' }).click();
    await admin.getByTestId('report').waitFor();
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByTestId('report-workbook').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^report-month-\d{4}-\d{2}-county\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '活动分类', '年龄段', '便民服务', '捐赠方', '各社区']);
    expect(book.getWorksheet('概况')!.getCell('B2').value).toBe(title);
    expect(book.getWorksheet('各社区')!.rowCount).toBeGreaterThan(1);
    await desk.close();

    // on a phone, the page fits 390 px
    const phoneCtx = await phoneContext(browser, server.baseUrl);
    const phone = await phoneCtx.newPage();
    await signIn(phone, '/console/login', '13800000000');
    await phone.goto('/console/reports');
    await phone.getByTestId('report').waitFor();
    await phone.getByTestId('report-chart-categories').locator('svg').first().waitFor();
    const { scrollWidth, offenders } = await overflowOf(phone);
    expect(offenders).toEqual([]);
    expect(scrollWidth).toBeLessThanOrEqual(390);
    await shot(phone, 'reports-3-page-phone');
    await phoneCtx.close();
  });
});
