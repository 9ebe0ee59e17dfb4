import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { inSeniorMode, signIn } from '../support/journey.js';
import { launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { overflowOf } from '../support/overflow.js';

/**
 * The console on a phone (390×844), signed in as the demo's center admin: every page in the menu fits the
 * width element by element (`overflowOf`: the console's page area scrolls on its own, so the document's scroll
 * width alone cannot see a table or a button sticking out), in 长辈版 too, and the menu is a drawer that
 * navigates.
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

const CENTER_ADMIN = '13800000000';
/** The desk's everyday screens, looked at in a screenshot each. */
const DESK_SCREENS = [
  '/console/residents',
  '/console/residents/new',
  '/console/points/award',
  '/console/shop/counter',
  '/console/activities',
  '/console/queue',
  '/console/merchant-requests',
];

/** Every page of the drawer's menu that does not fit 390 px, with what sticks out or is cut off. */
async function overflowingPages(page: Page, paths: string[], shoot: (path: string) => boolean): Promise<string[]> {
  const overflowing: string[] = [];
  for (const path of paths) {
    await open(page, path);
    const { scrollWidth, offenders } = await overflowOf(page);
    if (scrollWidth > 390 || offenders.length) overflowing.push(`${path} ${scrollWidth}px: ${offenders.join('; ')}`);
    if (shoot(path)) await screenshot(page, `console-phone${path.replaceAll('/', '-')}`);
  }
  return overflowing;
}

/** Every entry of the drawer's menu (closed groups keep their entries in the page, hidden). */
async function menuPaths(page: Page): Promise<string[]> {
  await page.getByTestId('console-menu-button').click();
  const entries = page.getByTestId('console-drawer').locator('[data-path]');
  await entries.first().waitFor({ state: 'attached' });
  const paths = await entries.evaluateAll((items) => items.map((i) => i.getAttribute('data-path') ?? ''));
  await page.keyboard.press('Escape');
  return paths;
}

/** Opens a page and waits until it has drawn and loaded its data (print pages have no console frame). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('#app > *').first().waitFor();
  await page.waitForLoadState('networkidle');
}

describe('the console on a phone', () => {
  it('every menu page fits 390 px; the drawer navigates; the desk screens are screenshotted', async () => {
    const ctx = await phoneContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await signIn(page, '/console/login', CENTER_ADMIN, /\/console$/);

    await expect.poll(() => page.getByTestId('console-menu-button').isVisible()).toBe(true);
    // no sidebar beside the page on a phone: the menu waits in the drawer
    expect(await page.locator('.zl-console__aside').count()).toBe(0);
    const paths = await menuPaths(page);
    expect(paths).toEqual(
      expect.arrayContaining([
        ...DESK_SCREENS,
        '/console/call-lists',
        '/console/partners',
        '/console/points/template',
        '/console/vouchers',
        '/console/setup',
        '/console/audit',
      ]),
    );
    expect(await overflowingPages(page, paths, (path) => DESK_SCREENS.includes(path))).toEqual([]);

    // the drawer: ☰, a group, an entry, and the drawer closes on the new page
    await page.goto('/console/residents');
    await page.getByTestId('console-menu-button').click();
    const drawer = page.getByTestId('console-drawer');
    await drawer.getByTestId('menu-group-points').locator('.el-sub-menu__title').click();
    await drawer.locator('[data-path="/console/shop/items"]').click();
    await page.waitForURL(/\/console\/shop\/items(\?|$)/);
    await expect.poll(() => drawer.locator('.el-drawer').isVisible()).toBe(false);
    await ctx.close();
  });

  it('长辈版 on the same phone leaves the console at its own size: every menu page fits 390 px', async () => {
    const ctx = await inSeniorMode(await phoneContext(browser, server.baseUrl));
    const page = await ctx.newPage();
    await signIn(page, '/console/login', CENTER_ADMIN, /\/console$/);
    const paths = await menuPaths(page);
    expect(await overflowingPages(page, paths, () => false)).toEqual([]);
    await open(page, '/console/points/award');
    expect(await page.locator('.zl-console').evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');
    await screenshot(page, 'console-phone-senior-award');
    await ctx.close();
  });

  it('活动管理, 签到 and 叫号 fit 390 px: the page does not scroll sideways and nothing sticks out past the edge', async () => {
    const ctx = await phoneContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await signIn(page, '/console/login', CENTER_ADMIN, /\/console$/);
    // A parent that hides overflow keeps scrollWidth at 390 while a button is cut off (the week stepper's
    // 下一周 was, at 392 px): every element must end inside the width as well, and 签到's member-card field
    // must show its whole placeholder (it was cut off at 242 px in 234).
    const fits = async (path: string) => {
      await open(page, path);
      const { scrollWidth, offenders } = await overflowOf(page);
      const clientWidth = await page.evaluate(() => document.documentElement.clientWidth);
      expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
      expect(offenders, path).toEqual([]);
    };
    await fits('/console/activities');
    await fits((await page.getByTestId('activity-checkin-link').first().getAttribute('href'))!);
    await screenshot(page, 'console-phone-checkin');
    await open(page, '/console/queue');
    await fits(
      `/console/sessions/${await page.getByTestId('queue-session').first().getAttribute('data-session-id')}/queue`,
    );
    await screenshot(page, 'console-phone-call-screen');
    await ctx.close();
  });
});
