import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { SCREENSHOT_DIR, desktopContext, launchBrowser, phoneContext } from '../support/browser.js';
import { expectSeniorSizes, field, inSeniorMode, signIn } from '../support/journey.js';
import { overflowOf } from '../support/overflow.js';
import { scanQr } from '../support/qr.js';

/**
 * 志愿服务时长 on the demo county (苗圃社区): staff mark an activity as volunteer service; a resident
 * checks in and out by the codes on a 390 px phone; staff see the entry, correct it with a reason and
 * print the 志愿服务时长证明 (PDF checked); the resident reads the total in 长辈版.
 */
// the screenshots and the certificate's PDF, to look at: e2e/screenshots unless HOURS_SHOTS_DIR says elsewhere
const SHOTS = process.env.HOURS_SHOTS_DIR ?? SCREENSHOT_DIR;
let server: RunningServer;
let browser: Browser;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  server = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('志愿服务时长 journey', () => {
  it('marks a volunteer activity, checks a resident in and out by code, corrects, prints the certificate, and shows the total', async () => {
    // 1. 苗圃社区's staff (13800000003) plan an activity starting in ten minutes and mark it 志愿服务 in the form.
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000003', /\/console(\/residents)?$/);
    const me = (await (await staff.request.get('/api/me')).json()) as { roles: { communityId?: number }[] };
    const communityId = me.roles.find((r) => r.communityId)!.communityId!;
    const start = new Date(Date.now() + 10 * 60_000);
    start.setUTCSeconds(0, 0);
    const created = await staff.request.post('/api/activities', {
      data: {
        communityId,
        title: '河道清扫志愿服务',
        category: '环保排查',
        place: '涑水河畔',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 60 * 60_000).toISOString(),
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const { week } = (await (await staff.request.get(`/api/activities/${id}`)).json()) as { week: string };
    await staff.goto(`/console/activities?week=${week}`);
    const row = staff.locator(`[data-testid="console-activity-row"][data-activity-id="${id}"]`);
    await row.getByTestId('activity-edit').click();
    await staff.getByTestId('activity-form-volunteer').click();
    await staff.getByTestId('activity-form-submit').click();
    await expect
      .poll(
        async () =>
          ((await (await staff.request.get(`/api/activities/${id}`)).json()) as { volunteerService: boolean })
            .volunteerService,
      )
      .toBe(true);
    // the center puts it on the menu at once (补充发布)
    const centerCtx = await desktopContext(browser, server.baseUrl);
    const center = await centerCtx.newPage();
    await signIn(center, '/console/login', '13800000000');
    expect((await center.request.post(`/api/activities/${id}/publish`)).status()).toBe(200);

    // 2. 李桂兰 (13900000001) scans the check-in QR, then the 签退 QR, on a 390 px phone.
    await staff.goto(`/console/activities/${id}/checkin`);
    const checkinUrl = await scanQr(staff.getByTestId('checkin-qr'));
    const phoneCtx = await phoneContext(browser, server.baseUrl);
    const phone = await phoneCtx.newPage();
    await signIn(phone, '/login', '13900000001', /\/$/);
    await phone.goto(new URL(checkinUrl).pathname + new URL(checkinUrl).search);
    await phone.getByTestId('checkin-result').waitFor();

    await staff.goto(`/console/activities/${id}/checkout`);
    const checkoutUrl = await scanQr(staff.getByTestId('checkin-qr'));
    expect(new URL(checkoutUrl).pathname).toBe(`/checkout/${id}`);
    expect(new URL(checkoutUrl).searchParams.get('code')).not.toBe(new URL(checkinUrl).searchParams.get('code'));
    await shot(staff, 'hours-1-checkout-code-desktop');
    await phone.goto(new URL(checkoutUrl).pathname + new URL(checkoutUrl).search);
    await phone.getByTestId('checkout-result').waitFor();
    expect(await phone.getByTestId('checkout-result').innerText()).toContain('签退成功');
    // checked in moments ago: the page says what the entry counts rather than a bare 已记录
    expect(await phone.getByTestId('checkout-minutes').innerText()).toMatch(/不计时长|本次志愿服务 \d+分/);
    await shot(phone, 'hours-2-checkout-phone');
    expect((await overflowOf(phone)).offenders).toEqual([]);
    // the organiser's screen counts her out (opened again rather than waiting for its next refresh)
    await staff.reload();
    await expect.poll(() => staff.getByTestId('checkout-count').getAttribute('data-checked-out')).toBe('1');

    // 3. Staff see the volunteer on 志愿服务时长, correct the entry (she came an hour early to set up) and print.
    await staff.goto('/console/volunteer-hours');
    const her = staff.locator('[data-testid="hours-row"]').filter({ hasText: '李桂兰' });
    await her.waitFor();
    await her.getByTestId('hours-open').click();
    const entry = staff.locator('[data-testid="hours-entry"]').filter({ hasText: '河道清扫志愿服务' });
    await entry.waitFor();
    await entry.getByTestId('hours-entry-correct').click();
    await field(staff, 'hours-correct-hours').fill('2');
    await field(staff, 'hours-correct-minutes').fill('0');
    await field(staff, 'hours-correct-reason').fill('提前一小时到场布置，签到晚了');
    await staff.getByTestId('hours-correct-save').click();
    await expect.poll(() => entry.getAttribute('data-minutes')).toBe('120');
    expect(await entry.innerText()).toContain('提前一小时到场布置');
    await shot(staff, 'hours-3-console-person');
    const certificate = staff.getByTestId('hours-person-certificate');
    await certificate.click();
    await staff.getByTestId('hours-certificate').waitFor();
    const text = await staff.getByTestId('hours-certificate').innerText();
    expect(text).toContain('志愿服务时长证明');
    expect(text).toContain('李桂兰');
    expect(text).toContain('河道清扫志愿服务');
    expect(await staff.getByTestId('hours-certificate-center').innerText()).toBe('闻喜县社区服务中心');
    expect(await staff.getByTestId('hours-certificate-total').innerText()).toMatch(/\d+\.\d 小时/);
    await shot(staff, 'hours-4-certificate');
    await staff.emulateMedia({ media: 'print' });
    const pdf = await staff.pdf({ preferCSSPageSize: true, printBackground: true });
    await staff.emulateMedia({ media: 'screen' });
    const pdfText = pdf.toString('latin1');
    expect(pdfText.startsWith('%PDF-')).toBe(true);
    expect((pdfText.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    // A4 portrait: 595 × 842 points
    expect(pdfText).toMatch(/\/MediaBox\s*\[\s*0 0 59[45]\.?\d* 84[12]\.?\d*\s*\]/);
    mkdirSync(SHOTS, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(SHOTS, 'hours-certificate.pdf'), pdf);

    // the console list on a phone-width window too
    await staff.setViewportSize({ width: 390, height: 844 });
    await staff.goto('/console/volunteer-hours');
    await staff.locator('[data-testid="hours-row"]').first().waitFor();
    await shot(staff, 'hours-5-console-phone');
    expect((await overflowOf(staff)).offenders).toEqual([]);

    // 4. 李桂兰 reads her total in 长辈版: the corrected two hours are in it, the correction shown.
    const seniorCtx = await inSeniorMode(await phoneContext(browser, server.baseUrl));
    const senior = await seniorCtx.newPage();
    await signIn(senior, '/login', '13900000001', /\/$/);
    await senior.getByTestId('home-my-hours-link').click();
    await senior.waitForURL(/\/me\/volunteer-hours$/);
    const total = senior.getByTestId('my-hours-total');
    await total.waitFor();
    expect(Number(await total.getAttribute('data-hours'))).toBeGreaterThanOrEqual(2);
    const mine = senior.locator('[data-testid="my-hours-entry"]').filter({ hasText: '河道清扫志愿服务' });
    expect(await mine.innerText()).toContain('2.0 小时');
    expect(await mine.getByTestId('my-hours-correction').innerText()).toContain('提前一小时到场布置');
    await shot(senior, 'hours-6-mine-senior');
    await expectSeniorSizes(senior);
    expect((await overflowOf(senior)).offenders).toEqual([]);
  });
});
