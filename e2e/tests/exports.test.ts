import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshotsCopiedTo } from '../support/browser.js';
import { signIn, ok } from '../support/journey.js';
import { overflowOf } from '../support/overflow.js';

/**
 * 导出 and the 签到表 on the demo county: a community's staff member downloads the residents list and an item's
 * stock movements as Excel from their console lists (the files open with Chinese headers, a frozen header row,
 * the right rows and the desk's own residents' phones whole), then prints an activity's sign-in sheet to PDF from
 * its 报名名单. The ledger export page and the sign-in sheet are looked at on a phone (390 px) as well.
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

const shot = screenshotsCopiedTo(process.env.EXPORTS_SHOTS_DIR);

/** Clicks an 导出 button and opens what the browser downloaded. */
async function download(page: Page, testId: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).first().click()]);
  const saved = path.join(await import('node:os').then((os) => os.tmpdir()), `zhongli-export-${Date.now()}.xlsx`);
  await file.saveAs(saved);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(saved);
  const sheet = workbook.worksheets[0]!;
  const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  return { name: file.suggestedFilename(), sheet, headers: row(1), rows: sheet.rowCount - 1, row };
}

describe('exports journey', () => {
  it('downloads two console lists as Excel and prints the sign-in sheet to PDF', async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000006', /\/console(\/residents)?$/);
    const me = await ok<{ roles: { role: string; communityId?: number }[] }>(staff, 'get', '/api/me');
    const communityId = me.roles.find((r) => r.role === 'community_staff')!.communityId!;

    // --- 居民: the whole list of the desk's community, every page, as one file
    await ok(staff, 'post', '/api/residents', {
      name: '钱建国',
      communityId,
      birthDate: '1950-09-01',
      phone: '13966661111',
      password: 'qian-jianguo-2026',
    });
    await staff.goto(`/console/residents?communityId=${communityId}`);
    await staff.getByTestId('residents-export').waitFor();
    let total = 0;
    for (let page = 1; ; page++) {
      const list = await ok<{ residents: unknown[]; hasMore: boolean }>(
        staff,
        'get',
        `/api/residents?communityId=${communityId}&page=${page}&pageSize=100`,
      );
      total += list.residents.length;
      if (!list.hasMore) break;
    }
    await shot(staff, 'exports-1-residents-desktop');
    const residents = await download(staff, 'residents-export');
    expect(residents.name).toMatch(/^居民名单-.+\.xlsx$/);
    expect(residents.headers.slice(0, 6)).toEqual(['会员号', '姓名', '性别', '出生日期', '社区', '手机号']);
    expect(residents.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(residents.rows).toBe(total);
    // the desk phones its own residents: the number is whole in its file
    const phones = Array.from({ length: residents.rows }, (_, i) => residents.row(i + 2)[5]);
    expect(phones).toContain('13966661111');

    // --- 物品与库存 → 流水 → 导出: every movement of the item
    await staff.goto('/console/shop/items');
    await staff.getByTestId('items-movements').first().click();
    await staff.getByTestId('movements-export').waitFor();
    await expect.poll(() => staff.getByTestId('movements').locator('tbody tr').count()).toBeGreaterThan(0);
    const shown = await staff.getByTestId('movements').locator('tbody tr').count();
    await shot(staff, 'exports-2-movements-desktop');
    const movements = await download(staff, 'movements-export');
    expect(movements.headers).toEqual(['时间', '类型', '数量', '结存', '原因', '经办人']);
    expect(movements.rows).toBe(shown); // under 200 movements the drawer shows them all
    expect(movements.row(2)[0]).toBeInstanceOf(Date);

    // --- 签到表: an activity next week with two registrants, from its 报名名单
    const startsAt = new Date(Date.now() + 8 * 86_400_000);
    startsAt.setUTCHours(1, 30, 0, 0);
    const title = '冬季八段锦晨练';
    const { id: activityId } = await ok<{ id: number }>(staff, 'post', '/api/activities', {
      communityId,
      title,
      category: '健康讲座',
      place: '社区广场',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 60 * 60_000).toISOString(),
      capacity: 30,
    });
    const admin = await (await desktopContext(browser, server.baseUrl)).newPage();
    await signIn(admin, '/console/login', '13800000000');
    await ok(admin, 'post', `/api/activities/${activityId}/publish`);
    for (const [name, birthDate] of [
      ['欧阳秀英', '1948-03-02'],
      ['马国庆', '1951-10-01'],
    ] as const) {
      const { id } = await ok<{ id: number }>(staff, 'post', '/api/residents', { name, communityId, birthDate });
      await ok(staff, 'post', `/api/activities/${activityId}/registrations`, { residentId: id });
    }
    const { week } = await ok<{ week: string }>(staff, 'get', `/api/activities/${activityId}`);
    await staff.goto(`/console/activities?week=${week}`);
    const row = staff.locator(`[data-testid="console-activity-row"][data-activity-id="${activityId}"]`);
    await row.getByTestId('activity-registrations').click();
    const attendance = await download(staff, 'registrations-export');
    expect(attendance.headers.slice(0, 4)).toEqual(['姓名', '会员号', '社区', '报名状态']);
    expect(attendance.rows).toBe(2);
    await staff.getByTestId('sign-in-sheet-link').click();
    await staff.waitForURL(/\/sign-in-sheet$/);
    const sheet = staff.getByTestId('sign-in-sheet');
    await expect.poll(() => staff.getByTestId('sign-in-sheet-row').count()).toBe(2);
    const text = await sheet.innerText();
    expect(text).toContain(`${title} 签到表`);
    expect(text).toContain('社区广场');
    expect(text).toContain('欧**英'); // masked by the lists' rule: the sheet lies on a table at the door
    expect(text).not.toContain('欧阳秀英');
    expect(await staff.getByTestId('sign-in-sheet-blank').count()).toBe(10);
    await shot(staff, 'exports-3-sign-in-sheet-desktop');
    await staff.emulateMedia({ media: 'print' });
    const pdf = await staff.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    mkdirSync('/tmp/zhongli-exports', { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync('/tmp/zhongli-exports/sign-in-sheet.pdf', pdf);
    await staff.emulateMedia({ media: 'screen' });

    // --- on a phone: the ledger export page and the sign-in sheet stay inside 390 px
    const phone = await (await phoneContext(browser, server.baseUrl)).newPage();
    await signIn(phone, '/console/login', '13800000006', /\/console(\/residents)?$/);
    await phone.goto('/console/points/ledger');
    await phone.getByTestId('ledger-export').waitFor();
    expect((await overflowOf(phone)).offenders).toEqual([]);
    await shot(phone, 'exports-4-ledger-phone');
    const ledger = await download(phone, 'ledger-export');
    expect(ledger.headers).toEqual(['时间', '居民', '会员号', '社区', '类型', '积分', '余额', '规则/事由', '经办人']);
    await phone.goto(`/console/residents?communityId=${communityId}`);
    await phone.getByTestId('residents-export').waitFor();
    expect((await overflowOf(phone)).offenders).toEqual([]);
    await shot(phone, 'exports-5-residents-phone');
    await phone.goto(`/console/activities/${activityId}/sign-in-sheet`);
    await expect.poll(() => phone.getByTestId('sign-in-sheet-row').count()).toBe(2);
    await shot(phone, 'exports-6-sign-in-sheet-phone');
  });
});
