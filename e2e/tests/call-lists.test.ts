import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshotsCopiedTo } from '../support/browser.js';
import { field, signIn, ok } from '../support/journey.js';

/**
 * 待电话通知 on the demo county: a community's staff cancel a published activity in 活动管理; the screen
 * says how many people need a phone call and links to the list; they tick one person 已通知 and print
 * the call sheet. On a phone (390 px) the list is cards and the page does not scroll sideways, and a
 * senior is registered with a contact phone (a wrong one refused as typed).
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

const shot = screenshotsCopiedTo(process.env.CALLS_SHOTS_DIR);

describe('call lists journey', () => {
  it('cancels an activity, follows the link to the call list, ticks one person, prints the sheet; on a phone too', async () => {
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000001');
    const me = await ok<{ roles: { role: string; communityId?: number }[] }>(staff, 'get', '/api/me');
    const communityId = me.roles.find((r) => r.role === 'community_staff')!.communityId!;

    // a published activity ten days on, with a senior registered at the desk (no login, a daughter's
    // number) and a resident who signs in to the app
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    startsAt.setUTCHours(1, 0, 0, 0);
    const title = '冬季养生讲座';
    const { id: activityId } = await ok<{ id: number }>(staff, 'post', '/api/activities', {
      communityId,
      title,
      category: '健康讲座',
      place: '二楼活动室',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
      capacity: 20,
    });
    const admin = await (await desktopContext(browser, server.baseUrl)).newPage();
    await signIn(admin, '/console/login', '13800000000');
    await ok(admin, 'post', `/api/activities/${activityId}/publish`);
    const deskOnly = await ok<{ id: number }>(staff, 'post', '/api/residents', {
      name: '赵桂芝',
      communityId,
      birthDate: '1946-05-12',
      contactPhone: '0571-88886666',
      contactNote: '女儿',
    });
    const appUser = await ok<{ id: number }>(staff, 'post', '/api/residents', {
      name: '钱建国',
      communityId,
      birthDate: '1950-09-01',
      phone: '13966661111',
      password: 'qian-jianguo-2026',
    });
    for (const residentId of [deskOnly.id, appUser.id])
      await ok(staff, 'post', `/api/activities/${activityId}/registrations`, { residentId });
    const { week } = await ok<{ week: string }>(staff, 'get', `/api/activities/${activityId}`);

    // --- 活动管理: 取消 with a reason → "2 人需要电话通知 → 去通知"
    await staff.goto(`/console/activities?week=${week}`);
    const row = staff.locator(`[data-testid="console-activity-row"][data-activity-id="${activityId}"]`);
    await row.getByTestId('activity-cancel').click();
    await field(staff, 'activity-cancel-reason').fill('主讲医生临时出诊');
    await staff.getByTestId('activity-cancel-confirm').click();
    const notice = staff.getByTestId('call-list-notice');
    await expect.poll(() => notice.innerText()).toContain('2 人需要电话通知');
    await shot(staff, 'calls-1-cancel-notice-desktop');
    await notice.getByTestId('call-list-link').click();
    await staff.waitForURL(/\/console\/call-lists\/\d+$/);
    const listId = Number(new URL(staff.url()).pathname.split('/').pop());

    // --- the list: what to say, the daughter's number as a tel: link, 已通知
    await expect.poll(() => staff.getByTestId('call-list-message').innerText()).toContain(`「${title}」`);
    expect(await staff.getByTestId('call-list-message').innerText()).toContain('原因：主讲医生临时出诊');
    const entry = staff.locator('[data-testid="call-entry"]').filter({ hasText: '赵桂芝' });
    expect(await entry.getByTestId('call-entry-tel').getAttribute('href')).toBe('tel:057188886666');
    expect(await entry.innerText()).toContain('女儿');
    expect(await entry.getAttribute('data-status')).toBe('pending');
    await shot(staff, 'calls-2-list-desktop');
    await entry.getByTestId('call-entry-told').click();
    await expect.poll(() => entry.getAttribute('data-status')).toBe('told');
    expect(await entry.getByTestId('call-entry-status').innerText()).toBe('已通知');
    const audit = await ok<{ entries: { action: string }[] } | { action: string }[]>(admin, 'get', '/api/audit');
    expect(JSON.stringify(audit)).toContain('call.outcome');

    // --- the A4 sheet: only who still needs a call (the app user, until they open the app)
    await staff.getByTestId('call-list-print').click();
    await staff.waitForURL(new RegExp(`/console/call-lists/${listId}/print$`));
    const sheetRows = staff.getByTestId('call-sheet-row');
    await expect.poll(() => sheetRows.count()).toBe(1);
    expect(await staff.getByTestId('call-sheet').innerText()).toContain('1 人已通知或已在应用中看到');
    expect(await staff.getByTestId('call-sheet-print').isEnabled()).toBe(true);
    await staff.emulateMedia({ media: 'print' });
    await shot(staff, 'calls-3-sheet-print');
    await staff.emulateMedia({ media: 'screen' });

    // --- on a phone: the lists and the list as cards, no sideways scrolling
    const phone = await (await phoneContext(browser, server.baseUrl)).newPage();
    await signIn(phone, '/console/login', '13800000001');
    await phone.goto('/console/call-lists');
    const listCard = phone.locator(`[data-testid="call-list-row"][data-list-id="${listId}"]`);
    await expect.poll(() => listCard.innerText()).toContain(title);
    await shot(phone, 'calls-4-lists-phone');
    await phone.goto(`/console/call-lists/${listId}`);
    await expect.poll(() => phone.getByTestId('call-entry').count()).toBe(2);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone, 'calls-5-list-phone');

    // --- 登记居民 on the phone: a contact phone is checked as typed in, then shown masked
    await phone.goto('/console/residents/new');
    await field(phone, 'name').fill('孙玉梅');
    await field(phone, 'birthDate').fill('1944-02-03');
    await field(phone, 'contact-phone').fill('12345');
    await phone.getByTestId('submit').click();
    await expect.poll(() => phone.locator('body').innerText()).toContain('联系电话应为手机号');
    await shot(phone, 'calls-6-register-contact-phone-phone');
    await field(phone, 'contact-phone').fill('0571-87654321');
    await field(phone, 'contact-note').fill('座机');
    await phone.getByTestId('submit').click();
    await phone.waitForURL(/\/console\/residents\/\d+/);
    await expect.poll(() => phone.locator('body').innerText()).toContain('0571******21（座机）');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot(phone, 'calls-7-resident-contact-phone-phone');
  });
});
