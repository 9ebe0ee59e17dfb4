import { expect } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';

/** Every demo login shares this password (see README, demo logins). */
export const DEMO_PASSWORD = 'zhongli2026';

/** The form control behind a test id, whether the id sits on the control or on its Element Plus wrapper. */
export const field = (page: Page | Locator, id: string) =>
  page
    .locator(
      `input[data-testid="${id}"], [data-testid="${id}"] input, textarea[data-testid="${id}"], [data-testid="${id}"] textarea, select[data-testid="${id}"]`,
    )
    .first();

/** Signs in on the resident (`/login`) or console (`/console/login`) page and waits to leave it. */
export async function signIn(page: Page, path: string, phone: string, landing?: RegExp) {
  await page.goto(path);
  await field(page, 'login-phone').fill(phone);
  await field(page, 'login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(landing ?? ((url) => !url.pathname.endsWith('/login')));
}

/** Chooses an Element Plus select option by its visible text. */
export async function pickOption(page: Page, selectTestId: string, text: string) {
  await page.getByTestId(selectTestId).click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first().click();
}

/** Opens every page of the context in 长辈版, as a senior who switched it on once would see it. */
export async function inSeniorMode(ctx: BrowserContext): Promise<BrowserContext> {
  await ctx.addInitScript(() => localStorage.setItem('zhongli.seniorMode', '1'));
  return ctx;
}

/** 长辈版 rules, measured on the rendered page: text ≥ 18 px, controls ≥ 60×60. */
export async function expectSeniorSizes(page: Page) {
  const { small, tiny } = await page.evaluate(() => {
    const visible = (el: HTMLElement) => el.offsetParent !== null && el.getBoundingClientRect().width > 0;
    const small = [...document.querySelectorAll<HTMLElement>('p, span, div, li, label, a, button, td, th, h1, h2, h3')]
      .filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()))
      .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 18)
      .map((el) => `${el.textContent!.trim().slice(0, 16)} ${getComputedStyle(el).fontSize}`);
    const tiny = [...document.querySelectorAll<HTMLElement>('button, a, [role="switch"], [role="tab"], input, select')]
      .filter(visible)
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width < 60 || r.height < 60;
      })
      .map(
        (el) =>
          `${el.getAttribute('data-testid') || el.textContent!.trim().slice(0, 12) || el.tagName} ${Math.round(el.getBoundingClientRect().width)}×${Math.round(el.getBoundingClientRect().height)}`,
      );
    return { small, tiny };
  });
  expect(small).toEqual([]);
  expect(tiny).toEqual([]);
}

/** An API call a journey's set-up or check makes through the page's session: anything but 2xx fails the test. */
export async function ok<T>(page: Page, method: 'get' | 'post', url: string, data?: unknown): Promise<T> {
  const response = await page.request[method](url, data === undefined ? {} : { data });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}
