import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { field, signIn } from '../support/journey.js';

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
});
