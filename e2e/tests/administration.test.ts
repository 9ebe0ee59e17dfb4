import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { field, pickOption, signIn } from '../support/journey.js';

/**
 * Everyday administration on the demo county: the center admin corrects a resident and archives another
 * (gone from the list), resets a community staff member's password (the temporary one shown once), the staff
 * member signs in with it on a phone and must set their own before anything else; then the admin disables
 * the account and its open session is refused.
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

async function json<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), url).toBe(200);
  return (await response.json()) as T;
}

describe('administration journey', () => {
  it('edits and archives residents, resets and disables a staff account', async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const admin = await desk.newPage();
    await signIn(admin, '/console/login', '13800000000');

    // --- a resident: 编辑, then another one: 归档 ---
    const list = await json<{ residents: { id: number; name: string }[] }>(admin, '/api/residents?pageSize=5');
    const [first, second] = list.residents;
    await admin.goto(`/console/residents/${first!.id}`);
    await admin.getByTestId('resident-edit').click();
    await field(admin, 'resident-edit-name').fill(`${first!.name}改`);
    await admin.getByTestId('resident-edit-save').click();
    await expect.poll(() => admin.getByTestId('resident-name').innerText()).toBe(`${first!.name}改`);
    await screenshot(admin, 'admin-resident-detail-desktop');

    await admin.goto(`/console/residents/${second!.id}`);
    await admin.getByTestId('resident-archive').click();
    await admin.getByText('已故').click();
    await field(admin, 'resident-archive-note').fill('家属来电告知');
    await admin.getByTestId('resident-archive-save').click();
    await expect.poll(() => admin.getByTestId('resident-archived').innerText()).toContain('已故');
    await admin.goto(`/console/residents?q=${encodeURIComponent(second!.name)}`);
    await expect.poll(() => admin.locator('body').innerText()).not.toContain(second!.name);

    // --- a staff account: 重置密码, the temporary password shown once ---
    const users = await json<{ id: number; phoneMasked: string }[]>(admin, '/api/users');
    const staff = users.find((u) => u.phoneMasked === '138****0002')!;
    await admin.goto('/console/users');
    await admin.getByTestId(`user-actions-${staff.id}`).getByTestId('user-reset').click();
    await admin.getByTestId('user-action-confirm').click();
    const temporary = (await admin.getByTestId('temp-password').innerText()).trim();
    expect(temporary).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await screenshot(admin, 'admin-temp-password-desktop');
    await admin.getByTestId('temp-password-done').click();
    await expect.poll(() => admin.locator('body').innerText()).not.toContain(temporary);
    await expect.poll(() => admin.locator('body').innerText()).toContain('待改临时密码');
    await screenshot(admin, 'admin-users-desktop');

    // --- the staff member, on a phone: the temporary password leads to the change-password screen ---
    const phone = await phoneContext(browser, server.baseUrl);
    const member = await phone.newPage();
    await member.goto('/console/login');
    await field(member, 'login-phone').fill('13800000002');
    await field(member, 'login-password').fill(temporary);
    await member.getByTestId('login-submit').click();
    await member.waitForURL(/\/change-password$/);
    expect((await member.request.get('/api/residents')).status()).toBe(403);
    await screenshot(member, 'admin-change-password-phone');
    await field(member, 'current-password').fill(temporary);
    await field(member, 'new-password').fill('my-own-desk-pass-42');
    await field(member, 'confirm-password').fill('my-own-desk-pass-42');
    await member.getByTestId('change-password-submit').click();
    await member.waitForURL(/\/console(\/residents)?$/);
    expect((await member.request.get('/api/residents')).status()).toBe(200);

    // --- 停用: the open session on the phone is refused on its next request ---
    await admin.reload();
    await admin.getByTestId(`user-actions-${staff.id}`).getByTestId('user-disable').click();
    await admin.getByTestId('user-action-confirm').click();
    await expect.poll(() => admin.getByTestId(`user-actions-${staff.id}`).innerText()).toContain('启用');
    const refused = await member.request.get('/api/residents');
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ACCOUNT_DISABLED');

    // --- the other new screens, on a desk and on a phone ---
    await admin.goto('/console/menu-settings');
    await expect.poll(() => admin.getByTestId('menu-settings-sentence').innerText()).toContain('报送');
    await screenshot(admin, 'admin-menu-settings-desktop');
    await admin.goto('/console/communities');
    await expect.poll(() => admin.getByTestId('communities-table').innerText()).toContain('改名');
    await screenshot(admin, 'admin-communities-desktop');
    await admin.goto('/console/audit');
    await expect.poll(() => admin.getByTestId('audit-table').innerText()).toContain('停用账号');
    expect(await admin.getByTestId('audit-table').innerText()).not.toMatch(/\b[a-z_]+\.[a-z_]+\b/);
    await screenshot(admin, 'admin-audit-desktop');
    // Pages by cursor (keyset): 下一页 asks for the entries below the last one shown, 上一页 comes back.
    const firstPageText = await admin.getByTestId('audit-table').innerText();
    const byCursor = admin.waitForRequest((r) => /\/api\/audit\?.*before=\d+/.test(r.url()));
    await admin.getByTestId('audit-next').click();
    await byCursor;
    await expect.poll(() => admin.locator('.zl-pager').innerText()).toContain('第 2 页');
    await expect.poll(() => admin.getByTestId('audit-table').innerText()).not.toBe(firstPageText);
    await screenshot(admin, 'admin-audit-page2-desktop');
    await admin.getByTestId('audit-prev').click();
    await expect.poll(() => admin.locator('.zl-pager').innerText()).toContain('第 1 页');
    await expect.poll(() => admin.getByTestId('audit-table').innerText()).toBe(firstPageText);

    const adminPhone = await (await phoneContext(browser, server.baseUrl)).newPage();
    await signIn(adminPhone, '/console/login', '13800000000');
    for (const [path, name] of [
      ['/console/users', 'admin-users-phone'],
      [`/console/residents/${first!.id}`, 'admin-resident-detail-phone'],
      ['/console/menu-settings', 'admin-menu-settings-phone'],
      ['/console/communities', 'admin-communities-phone'],
    ] as const) {
      await adminPhone.goto(path);
      await adminPhone.waitForLoadState('networkidle');
      await screenshot(adminPhone, name);
    }
  });

  it("edits a partner's contact, archives it, and it is gone from the activity form's partner picker", async () => {
    const partnerName = '县法律援助中心';
    const desk = await desktopContext(browser, server.baseUrl);
    const admin = await desk.newPage();
    await signIn(admin, '/console/login', '13800000000');

    // --- 共建单位: find it, 编辑 its contact ---
    await admin.goto('/console/partners');
    await field(admin, 'partners-search').fill('法律援助');
    await field(admin, 'partners-search').press('Enter');
    const row = admin.getByTestId('partner-row').filter({ hasText: partnerName });
    await expect.poll(() => admin.getByTestId('partner-row').count()).toBe(1);
    await row.getByTestId('partner-edit').click();
    await expect.poll(() => field(admin, 'partner-form-name').inputValue()).toBe(partnerName);
    await field(admin, 'partner-form-contact').fill('周律师');
    await field(admin, 'partner-form-phone').fill('0371-6123 4567');
    await field(admin, 'partner-form-notes').fill('每周三上午可来社区坐班');
    await screenshot(admin, 'partners-edit-dialog-desktop');
    await admin.getByTestId('partner-form-save').click();
    await expect.poll(() => row.innerText()).toContain('周律师');
    expect(await row.innerText()).toContain('0371-****4567');
    await screenshot(admin, 'partners-list-desktop');

    // --- its page: the contact in full and the activities it took part in ---
    await row.getByTestId('partner-link').click();
    await admin.waitForURL(/\/console\/partners\/\d+$/);
    await expect.poll(() => admin.getByTestId('partner-detail-phone').innerText()).toContain('0371-61234567');
    expect(await admin.getByTestId('partner-detail-contact').innerText()).toBe('周律师');
    await expect.poll(() => admin.getByTestId('partner-activity').count()).toBeGreaterThan(0);
    const partnerPath = new URL(admin.url()).pathname;
    await expect.poll(() => admin.getByTestId('partner-detail').innerText()).toContain('专业机构');
    await screenshot(admin, 'partner-detail-desktop');

    // --- 归档: gone from the list in use and from the activity form's picker ---
    await admin.goto('/console/partners');
    await admin.getByTestId('partner-row').filter({ hasText: partnerName }).getByTestId('partner-archive').click();
    await expect.poll(() => admin.getByTestId('partner-row').filter({ hasText: partnerName }).count()).toBe(0);
    await admin.getByTestId('partners-show-archived').click();
    await expect.poll(() => admin.getByTestId('partner-row').filter({ hasText: partnerName }).count()).toBe(1);

    await admin.goto('/console/activities');
    await admin.getByTestId('activity-new').click();
    await pickOption(admin, 'activity-form-partners', '县中医院志愿服务队');
    const options = admin.locator('.el-select-dropdown:visible .el-select-dropdown__item');
    expect(await options.count()).toBeGreaterThan(1);
    expect(await options.allInnerTexts()).not.toContainEqual(expect.stringContaining(partnerName));
    await screenshot(admin, 'partners-picker-after-archive-desktop');

    // --- 社区与场地: an archived community and an archived venue come back with 恢复 ---
    const created = await admin.request.post('/api/communities', { data: { name: '临时安置点' } });
    const community = ((await created.json()) as { id: number }).id;
    expect((await admin.request.post(`/api/communities/${community}/archive`)).status()).toBe(204);
    // the page opens on the first community, whose venues it lists
    const [firstCommunity] = await json<{ id: number }[]>(admin, '/api/public/communities');
    const venues = await json<{ id: number; name: string }[]>(admin, `/api/communities/${firstCommunity!.id}/venues`);
    expect((await admin.request.post(`/api/venues/${venues[0]!.id}/archive`)).status()).toBe(204);
    await admin.goto('/console/communities');
    await admin.getByTestId('archived-communities').locator('summary').click();
    await expect.poll(() => admin.getByTestId('archived-community').innerText()).toContain('临时安置点');
    await expect.poll(() => admin.getByTestId('venue-archived').count()).toBe(1);
    await screenshot(admin, 'communities-archived-desktop');
    await admin.getByTestId('community-unarchive').click();
    await expect.poll(() => admin.getByTestId('communities-table').innerText()).toContain('临时安置点');
    await admin.getByTestId('venue-unarchive').click();
    await expect.poll(() => admin.getByTestId('venue-archived').count()).toBe(0);
    expect(await admin.getByTestId('venues-table').innerText()).toContain(venues[0]!.name);

    // --- the same screens on a phone: cards, nothing wider than the screen ---
    const phone = await (await phoneContext(browser, server.baseUrl)).newPage();
    await signIn(phone, '/console/login', '13800000000');
    for (const [path, name] of [
      ['/console/partners', 'partners-list-phone'],
      [partnerPath, 'partner-detail-phone'],
    ] as const) {
      await phone.goto(path);
      await phone.waitForLoadState('networkidle');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await screenshot(phone, name);
    }
    await phone.goto('/console/partners');
    await phone.getByTestId('partner-create').click();
    await expect.poll(() => phone.getByTestId('partner-form').isVisible()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'partners-new-dialog-phone');
  });
});
