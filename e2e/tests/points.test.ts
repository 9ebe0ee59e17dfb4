import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { field, signIn, inSeniorMode, expectSeniorSizes } from '../support/journey.js';

/**
 * The points journey on the demo county: 苗圃社区's desk scans 李桂兰's member card and awards
 * points; she sees the new balance and the entry on her phone, in 长辈版; the public reads the
 * rules, the 光荣榜 and prints the A4 poster.
 */
let server: RunningServer;
let browser: Browser;
const MIAOPU = 3; // 苗圃社区 in the demo county

beforeAll(async () => {
  server = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function seniorPhone(): Promise<BrowserContext> {
  return inSeniorMode(await phoneContext(browser, server.baseUrl));
}

describe('points journey', () => {
  it('the desk awards by scanning the member card; the senior sees it on her phone', async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000003');
    await staff.waitForURL(/\/console(\/residents)?$/);
    const found = await staff.request.get('/api/residents?q=李桂兰');
    const resident = (await found.json()).residents.find((r: { name: string }) => r.name === '李桂兰');
    const before = (await (await staff.request.get(`/api/residents/${resident.id}/points`)).json()).balance as number;

    await staff.goto('/console/points/award');
    const code = field(staff, 'award-code-input');
    await expect.poll(() => code.evaluate((el) => el === document.activeElement)).toBe(true);
    await code.fill(resident.memberCode);
    await code.press('Enter');
    await expect.poll(() => staff.getByTestId('award-resident-name').innerText()).toContain('李桂兰');
    await staff.getByTestId('award-rule').click();
    await staff.locator('.el-select-dropdown__item').filter({ hasText: '参加社区活动并签到' }).first().click();
    await staff.getByTestId('award-submit').click();
    await expect.poll(() => staff.getByTestId('award-result').innerText()).toContain(String(before + 3));
    await screenshot(staff, 'points-1-desk-award');
    // Ready for the next card at once.
    await expect.poll(() => code.evaluate((el) => el === document.activeElement)).toBe(true);
    const after = (await (await staff.request.get(`/api/residents/${resident.id}/points`)).json()).balance;
    expect(after).toBe(before + 3);
    await desk.close();

    const phone = await seniorPhone();
    const mobile = await phone.newPage();
    await signIn(mobile, '/login', '13900000001');
    await mobile.getByTestId('home-points-link').click();
    await mobile.waitForURL(/\/points$/);
    await expect.poll(() => mobile.getByTestId('points-balance').innerText()).toContain(String(before + 3));
    const newest = mobile.getByTestId('points-entry').first();
    expect(await newest.innerText()).toContain('+3');
    expect(await newest.innerText()).toContain('参加社区活动并签到');
    await screenshot(mobile, 'points-2-my-points-senior');
    await expectSeniorSizes(mobile);
    await phone.close();
  });

  it('shows the rules, the history and the honour roll to anyone, in 长辈版 too, and prints the poster on A4', async () => {
    const plain = await phoneContext(browser, server.baseUrl);
    const page = await plain.newPage();
    await page.goto(`/points/rules?communityId=${MIAOPU}`);
    await page.getByTestId('rules-rule').first().waitFor();
    expect(await page.getByTestId('rules-rule').count()).toBe(6);
    expect(await page.getByTestId('rules-exchange').innerText()).toContain('不能兑换现金');
    expect(await page.getByTestId('rules-version').innerText()).toMatch(/1/);
    await screenshot(page, 'points-3-rules');

    await page.goto(`/points/honour?communityId=${MIAOPU}`);
    await page.getByTestId('honour-row').first().waitFor();
    const rows = await page.getByTestId('honour-row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every((row) => row.includes('*'))).toBe(true);
    await page.getByTestId('honour-period-year').click();
    await page.getByTestId('honour-row').first().waitFor();
    await screenshot(page, 'points-4-honour');
    await plain.close();

    const senior = await seniorPhone();
    const seniorPage = await senior.newPage();
    await seniorPage.goto(`/points/rules?communityId=${MIAOPU}`);
    await seniorPage.getByTestId('rules-rule').first().waitFor();
    await screenshot(seniorPage, 'points-5-rules-senior');
    await expectSeniorSizes(seniorPage);
    await seniorPage.goto(`/points/honour?communityId=${MIAOPU}`);
    await seniorPage.getByTestId('honour-row').first().waitFor();
    await screenshot(seniorPage, 'points-6-honour-senior');
    await expectSeniorSizes(seniorPage);
    await senior.close();

    const desk = await desktopContext(browser, server.baseUrl);
    const poster = await desk.newPage();
    await poster.goto(`/points/rules/poster?communityId=${MIAOPU}`);
    await poster.getByTestId('poster-qr').locator('svg, canvas, img').first().waitFor();
    // The community's name arrives with the community list, which may land after the QR code.
    await expect.poll(() => poster.getByTestId('poster').innerText()).toContain('苗圃社区');
    await screenshot(poster, 'points-7-poster');
    await poster.emulateMedia({ media: 'print' });
    const pdf = await poster.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await desk.close();
  });

  it('the center edits its rules template; a community copies from it and adjusts the rule without typing a code', async () => {
    const centerDesk = await desktopContext(browser, server.baseUrl);
    const admin = await centerDesk.newPage();
    await signIn(admin, '/console/login', '13800000000');
    await admin.goto('/console/points/template');
    await admin.getByTestId('rules-form-row').first().waitFor();
    await admin.getByTestId('rules-form-add').click();
    const added = admin.getByTestId('rules-form-row').last();
    await field(added, 'rules-form-name').fill('护河巡查');
    await added.getByTestId('rules-form-category').click();
    await admin
      .locator('.el-select-dropdown:visible .el-select-dropdown__item')
      .filter({ hasText: '环境整治' })
      .first()
      .click();
    await field(added, 'rules-form-points').fill('6');
    await field(added, 'rules-form-per-week').fill('2');
    await admin.getByTestId('template-save').click();
    await admin.getByTestId('template-saved').waitFor();
    await screenshot(admin, 'points-8-template');
    await centerDesk.close();

    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000003');
    await staff.goto('/console/points/rules');
    await staff.getByTestId('rules-copy-rule').first().waitFor();
    // every template rule offered; the six 苗圃社区 already has by name stay as they are
    await staff.getByTestId('rules-copy-submit').click();
    await expect.poll(() => staff.getByTestId('rules-copy-result').innerText()).toContain('已复制1条');
    const copied = staff.getByTestId('rules-rule').filter({ hasText: '护河巡查' });
    await expect.poll(() => copied.innerText()).toContain('复制自中心模板「护河巡查」');
    expect(await staff.getByTestId('rules-rule').count()).toBe(7);

    // adjusting it: a new version from the form, which has no code to type
    await staff.getByTestId('rules-edit').click();
    await staff.getByTestId('rules-form-row').first().waitFor();
    expect(await staff.getByTestId('rules-form-code').count()).toBe(0);
    // copied rules come after the community's own
    await field(staff.getByTestId('rules-form-row').last(), 'rules-form-points').fill('7');
    await staff.getByTestId('rules-form-submit').click();
    await staff.getByTestId('rules-published').waitFor();
    await expect.poll(() => copied.innerText()).toContain('+7');
    expect(await copied.innerText()).toContain('复制自中心模板「护河巡查」');
    await screenshot(staff, 'points-9-rules-copied');
    await desk.close();
  });

  it('the center admin checks the ledger: 快速核查, then 全面核查; 上次核查 shows the last run', async () => {
    const centerDesk = await desktopContext(browser, server.baseUrl);
    const admin = await centerDesk.newPage();
    await signIn(admin, '/console/login', '13800000000');
    await admin.goto('/console/points/integrity');
    await admin.getByTestId('integrity-last-run').waitFor();

    // the demo county has no checkpoint yet: the first 快速核查 is full and writes the first one
    await admin.getByTestId('integrity-run').click();
    await expect.poll(() => admin.getByTestId('integrity-status').getAttribute('data-ok')).toBe('true');
    await expect.poll(() => admin.getByTestId('integrity-last-mode').innerText()).toContain('全面核查');
    const entries = Number((await admin.getByTestId('integrity-entries').innerText()).replace(/\D/g, ''));
    expect(entries).toBeGreaterThan(0);

    // nothing new since: the next 快速核查 reads no entry
    await admin.getByTestId('integrity-run').click();
    await expect.poll(() => admin.getByTestId('integrity-last-mode').innerText()).toContain('快速核查');
    await expect.poll(() => admin.getByTestId('integrity-last-entries').innerText()).toMatch(/^0 笔/);
    expect(await admin.getByTestId('integrity-last-result').innerText()).toBe('通过');
    await screenshot(admin, 'points-10-integrity-last-run');

    await admin.getByTestId('integrity-run-full').click();
    await expect
      .poll(() => admin.getByTestId('integrity-last-entries').innerText())
      .toMatch(new RegExp(`^${entries} 笔`));
    expect(await admin.getByTestId('integrity-last-mode').innerText()).toContain('全面核查');
    await centerDesk.close();

    const phone = await phoneContext(browser, server.baseUrl);
    const onPhone = await phone.newPage();
    await signIn(onPhone, '/console/login', '13800000000');
    await onPhone.goto('/console/points/integrity');
    await expect.poll(() => onPhone.getByTestId('integrity-last-result').innerText()).toBe('通过');
    await screenshot(onPhone, 'points-11-integrity-phone');
    await phone.close();
  });
});
