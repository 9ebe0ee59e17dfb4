import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ageOn, countyDateOf, idNumberCheckCharacter } from '@zhongli/domain';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { field } from '../support/journey.js';

/**
 * The foundation journey: 苗圃社区's staff member registers a 65-year-old at the desk with an ID
 * number, prints the member card; the senior signs in on a phone in WeChat and sees the card in
 * 长辈版 (large text, large targets).
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

/** A checksum-valid ID number for someone who turned 65 ten days ago (county date). */
function idNumberOf65YearOld(): { idNumber: string; birthDate: string } {
  const today = new Date(`${countyDateOf(new Date())}T00:00:00Z`);
  today.setUTCDate(today.getUTCDate() - 10);
  today.setUTCFullYear(today.getUTCFullYear() - 65);
  const birthDate = today.toISOString().slice(0, 10);
  const first17 = `140823${birthDate.replaceAll('-', '')}021`;
  return { idNumber: first17 + idNumberCheckCharacter(first17), birthDate };
}

/** Element Plus puts data-testid on the <input> itself; fall back to an input inside the element. */
describe('foundation journey', () => {
  it('staff register a senior and print the card; the senior sees it on a phone in 长辈版', async () => {
    const { idNumber, birthDate } = idNumberOf65YearOld();
    expect(ageOn(birthDate, countyDateOf(new Date()))).toBe(65);
    const phone = '13912346565';
    const password = 'senior-pass-65';

    // --- At the desk (desktop console) ---
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await staff.goto('/console/login');
    await field(staff, 'login-phone').fill('13800000003');
    await field(staff, 'login-password').fill('zhongli2026');
    await staff.getByTestId('login-submit').click();
    await staff.waitForURL(/\/console(\/residents)?$/);

    await staff.goto('/console/residents/new');
    await field(staff, 'name').fill('测试长者');
    // Typed with a full-width input method, lower-case x included, the way a desk PC often sends it.
    await field(staff, 'idNumber').fill(
      idNumber.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).toLowerCase(),
    );
    await expect.poll(() => staff.getByTestId('idNumber-feedback').innerText()).toContain('65');
    await field(staff, 'phone').fill(`+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`);
    await field(staff, 'password').fill(password);
    await screenshot(staff, 'foundation-1-register');
    await staff.getByTestId('submit').click();

    await staff.waitForURL(/\/console\/residents\/\d+/);
    const memberCode = (await staff.getByTestId('member-code').first().innerText()).replace(/\s/g, '');
    expect(memberCode).toMatch(/^[1-9]\d{9}$/);
    await screenshot(staff, 'foundation-2-registered');

    await staff.getByTestId('print-card').first().click();
    await staff.waitForURL(/\/card$/);
    await staff.getByTestId('card-qr').locator('svg').waitFor();
    expect((await staff.getByTestId('member-card-print').innerText()).replace(/\s/g, '')).toContain(memberCode);
    expect(await staff.getByTestId('member-card-print').innerText()).toContain('苗圃社区');
    await screenshot(staff, 'foundation-3-card');
    // Print it: Chromium's print engine lays the card out on its own page.
    await staff.emulateMedia({ media: 'print' });
    const pdf = await staff.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pageCount).toBe(1);
    await desk.close();

    // --- The senior, on a phone in WeChat ---
    const phoneCtx = await phoneContext(browser, server.baseUrl);
    const mobile = await phoneCtx.newPage();
    await mobile.goto('/login');
    await field(mobile, 'login-phone').fill(phone);
    await field(mobile, 'login-password').fill(password);
    await mobile.getByTestId('login-submit').click();
    await mobile.getByTestId('member-card').waitFor();
    expect((await mobile.getByTestId('member-code').innerText()).replace(/\s/g, '')).toBe(memberCode);
    expect(await mobile.getByTestId('member-card').innerText()).toContain('测试长者');
    await mobile.getByTestId('member-qr').locator('svg, canvas, img').first().waitFor();

    await mobile.getByTestId('senior-mode-switch').click();
    await expect
      .poll(() => mobile.evaluate(() => document.documentElement.classList.contains('senior-mode')))
      .toBe(true);
    await expect.poll(() => mobile.getByTestId('senior-mode-switch').getAttribute('aria-checked')).toBe('true');
    await mobile.waitForTimeout(400); // let the switch finish its slide before the picture
    await screenshot(mobile, 'foundation-4-phone-senior');

    // 长辈版: body text ≥ 18px with line height ≥ 1.3; every visible control ≥ 60×60.
    const metrics = await mobile.evaluate(() => {
      const texts = [...document.querySelectorAll<HTMLElement>('p, span, div, li, label, a, button')]
        .filter(
          (el) => el.offsetParent !== null && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()),
        )
        .map((el) => {
          const style = getComputedStyle(el);
          const size = parseFloat(style.fontSize);
          const lineHeight = style.lineHeight === 'normal' ? size * 1.2 : parseFloat(style.lineHeight);
          return { text: el.textContent!.trim().slice(0, 20), size, ratio: lineHeight / size };
        });
      const controls = [...document.querySelectorAll<HTMLElement>('button, a, [role="switch"], input')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => {
          const r = el.getBoundingClientRect();
          return {
            what: el.getAttribute('data-testid') || el.textContent!.trim().slice(0, 12) || el.tagName,
            width: r.width,
            height: r.height,
          };
        });
      return { texts, controls };
    });
    expect(metrics.texts.length).toBeGreaterThan(5);
    expect(metrics.texts.filter((t) => t.size < 18)).toEqual([]);
    expect(metrics.texts.filter((t) => t.ratio < 1.3)).toEqual([]);
    expect(metrics.controls.length).toBeGreaterThan(0);
    expect(metrics.controls.filter((c) => c.width < 60 || c.height < 60)).toEqual([]);

    // The setting persists across a reload.
    await mobile.reload();
    await mobile.getByTestId('member-card').waitFor();
    expect(await mobile.evaluate(() => document.documentElement.classList.contains('senior-mode'))).toBe(true);
    await phoneCtx.close();
  });
});
